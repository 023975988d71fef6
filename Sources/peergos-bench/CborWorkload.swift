import CCBOR
import Foundation
import PeergosCBOR

/// Workload 4 of WORKLOADS.md: decode and encode of three real Peergos blocks, blocks per second,
/// against upstream Java's figures from the side-by-side run on an AMD EPYC machine of our kind
/// (WORKLOADS.md, 2026-12-01; target 3x, issue 11) and libcbor measured in the same run.
///
/// The libcbor ratios carry the goals to the machine at hand, approximately: in the EPYC
/// run libcbor decoded 0.76M / 0.60M / 0.31M blocks/s, so 3x upstream's decode is 4.6x / 4.2x /
/// 3.1x libcbor; it encoded 2.24M / 1.66M / 0.83M, so 3x upstream's encode (0.57M / 0.94M /
/// 0.31M) is 0.77x / 1.70x / 1.13x libcbor (each rounded up). The proxy moves with the machine:
/// on the Xeon of WORKLOADS.md's first table upstream decoded at 0.87x / 1.32x / 0.95x libcbor
/// (EPYC: 1.53x / 1.38x / 1.0x), where 3x upstream is 2.6x / 4.0x / 2.9x libcbor. The direct
/// measure is upstream's own code beside ours, which this bench does not build.
///
/// Ours and libcbor are sampled in turns (``Harness/interleavedRates(scale:_:)``) and each
/// libcbor ratio is the median of the rounds' ratios: on a machine whose speed drifts by tens of
/// per cent over seconds, a ratio of medians taken one implementation after the other moved by
/// more than the gap being measured.
enum CborWorkload {
    struct Block {
        let name: String
        let bytes: [UInt8]
        let upstreamDecode: Double
        let upstreamEncode: Double
        /// Decode target against libcbor's tree decode in the same run.
        let libcborDecodeTarget: Double
        /// Encode target against libcbor's encode in the same run.
        let libcborEncodeTarget: Double
    }

    /// Label of the upstream figures: upstream's own Java `CborObject`, EPYC side-by-side run.
    static let upstreamLabel = "upstream-java-epyc-2026-12-01"

    static func blocks(directory: String) throws -> [Block] {
        let table: [(String, Double, Double, Double, Double)] = [
            ("cryptree_dir", 1_160_000, 570_000, 4.6, 0.77),
            ("cryptree_file_5000", 830_000, 940_000, 4.2, 1.70),
            ("champ_root_20", 310_000, 310_000, 3.1, 1.13),
        ]
        return try table.map { name, dec, enc, libcborTarget, libcborEncodeTarget in
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(name).cbor"))
            return Block(name: name, bytes: [UInt8](data), upstreamDecode: dec, upstreamEncode: enc, libcborDecodeTarget: libcborTarget, libcborEncodeTarget: libcborEncodeTarget)
        }
    }

    static func run(_ harness: Harness, directory: String) throws -> [Ratio] {
        var ratios: [Ratio] = []
        for block in try blocks(directory: directory) {
            let value = try CborObject.decode(block.bytes, options: .strict)
            guard value.serialize() == block.bytes else {
                throw WorkloadMismatch(description: "cbor: \(block.name) does not re-encode to its own bytes")
            }
            let n = 20_000
            let workload = "cbor_\(block.name)"
            var sink = 0
            // libcbor's tree of the block, for its encode; every libcbor answer is checked (a failed
            // load or a zero-length serialisation would time nothing real).
            var loadResult = cbor_load_result()
            let tree = block.bytes.withUnsafeBufferPointer { cbor_load($0.baseAddress, $0.count, &loadResult) }
            guard tree != nil, loadResult.error.code == CBOR_ERR_NONE else {
                throw WorkloadMismatch(description: "\(workload): libcbor could not load the block")
            }
            defer { var treeRef = tree; cbor_decref(&treeRef) }
            var libcborFailures = 0
            var out = [UInt8](repeating: 0, count: block.bytes.count + 64)
            // Sampled in turns, so each round's ours/libcbor ratio is taken under one machine state.
            let samples = try harness.interleavedRates(scale: Double(n), [
                { for _ in 0..<n { if case .map(let m) = try CborObject.decode(block.bytes, options: .strict) { sink &+= m.count } } },
                {
                    block.bytes.withUnsafeBufferPointer { buf in
                        for _ in 0..<n {
                            var result = cbor_load_result()
                            var item = cbor_load(buf.baseAddress, buf.count, &result)
                            if item == nil || result.error.code != CBOR_ERR_NONE { libcborFailures += 1 }
                            sink &+= result.read
                            cbor_decref(&item)
                        }
                    }
                },
                { for _ in 0..<n { sink &+= value.serialize().count } },
                {
                    out.withUnsafeMutableBufferPointer { o in
                        for _ in 0..<n {
                            let written = cbor_serialize(tree, o.baseAddress, o.count)
                            if written == 0 { libcborFailures += 1 }
                            sink &+= written
                        }
                    }
                },
            ])
            guard libcborFailures == 0 else { throw WorkloadMismatch(description: "\(workload): libcbor failed to load or serialise the block") }
            let decode = Figure(workload: workload, implementation: "swift-peergos", metric: "decode", samples: samples[0], unit: "blocks/s")
            let libcbor = Figure(workload: workload, implementation: "libcbor", metric: "decode", samples: samples[1], unit: "blocks/s")
            let encode = Figure(workload: workload, implementation: "swift-peergos", metric: "encode", samples: samples[2], unit: "blocks/s")
            let libcborEncode = Figure(workload: workload, implementation: "libcbor", metric: "encode", samples: samples[3], unit: "blocks/s")
            let upstreamDecode = Figure(workload: workload, implementation: upstreamLabel, metric: "decode", samples: [block.upstreamDecode], unit: "blocks/s")
            let upstreamEncode = Figure(workload: workload, implementation: upstreamLabel, metric: "encode", samples: [block.upstreamEncode], unit: "blocks/s")
            for f in [decode, encode, libcbor, libcborEncode, upstreamDecode, upstreamEncode] { f.print() }
            if sink == 42 { print("") }
            // Against upstream's figures from another machine (of our kind): 3x, issue 11.
            ratios.append(Ratio(workload: workload, metric: "decode", ours: decode, baseline: upstreamLabel, baselineMedian: block.upstreamDecode, target: 3, lowerIsBetter: false))
            ratios.append(Ratio(workload: workload, metric: "encode", ours: encode, baseline: upstreamLabel, baselineMedian: block.upstreamEncode, target: 3, lowerIsBetter: false))
            // Same run, so machine-independent: both goals restated against libcbor.
            ratios.append(Ratio(workload: workload, metric: "decode", ours: decode, baseline: "libcbor", baselineMedian: libcbor.median, target: block.libcborDecodeTarget, lowerIsBetter: false, roundBaseline: libcbor.samples))
            ratios.append(Ratio(workload: workload, metric: "encode", ours: encode, baseline: "libcbor", baselineMedian: libcborEncode.median, target: block.libcborEncodeTarget, lowerIsBetter: false, roundBaseline: libcborEncode.samples))
        }
        return ratios
    }
}
