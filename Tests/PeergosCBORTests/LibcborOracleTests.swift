import PeergosTestSupport
import Foundation
import CCBOR
import PeergosCBOR
import Testing

/// Differential tests against libcbor, an independent C implementation.
///
/// libcbor is too lax to be our decoder (it accepts non-minimal heads, duplicate keys and
/// trailing bytes), but on canonical input it must agree with us on every value, and when we
/// build the same tree with its minimal-width builders and our key order, its serializer must
/// produce our bytes.
@Suite("libcbor oracle")
struct LibcborOracleTests {
    /// Reads bytes with libcbor and converts its item tree to a CborObject.
    static func libcborDecode(_ bytes: [UInt8]) -> CborObject? {
        var result = cbor_load_result()
        guard let item = bytes.withUnsafeBufferPointer({ cbor_load($0.baseAddress, $0.count, &result) }) else { return nil }
        defer { var i: UnsafeMutablePointer<cbor_item_t>? = item; cbor_decref(&i) }
        guard result.read == bytes.count else { return nil }
        return convert(item)
    }

    static func convert(_ item: UnsafeMutablePointer<cbor_item_t>) -> CborObject? {
        switch cbor_typeof(item) {
        case CBOR_TYPE_UINT:
            let v = cbor_get_int(item)
            return v <= UInt64(Int64.max) ? .integer(Int64(v)) : nil
        case CBOR_TYPE_NEGINT:
            let v = cbor_get_int(item)
            return v <= UInt64(Int64.max) ? .integer(-1 - Int64(v)) : nil
        case CBOR_TYPE_BYTESTRING:
            guard cbor_bytestring_is_definite(item) else { return nil }
            return .bytes(Array(UnsafeBufferPointer(start: cbor_bytestring_handle(item), count: cbor_bytestring_length(item))))
        case CBOR_TYPE_STRING:
            guard cbor_string_is_definite(item) else { return nil }
            let buf = UnsafeBufferPointer(start: cbor_string_handle(item), count: cbor_string_length(item))
            return .text(String(decoding: buf, as: UTF8.self))
        case CBOR_TYPE_ARRAY:
            let handle = cbor_array_handle(item)
            var items: [CborObject] = []
            for i in 0..<cbor_array_size(item) {
                guard let child = handle?[i], let v = convert(child) else { return nil }
                items.append(v)
            }
            return .list(items)
        case CBOR_TYPE_MAP:
            guard let pairs = cbor_map_handle(item) else { return .map(CborMap()) }
            var entries: [(String, CborObject)] = []
            for i in 0..<cbor_map_size(item) {
                guard let k = pairs[i].key, let v = pairs[i].value,
                      case .text(let key)? = convert(k), let value = convert(v) else { return nil }
                entries.append((key, value))
            }
            return (try? CborMap(entries)).map { .map($0) }
        case CBOR_TYPE_TAG:
            guard cbor_tag_value(item) == 42, let inner = cbor_tag_item(item) else { return nil }
            defer { var i: UnsafeMutablePointer<cbor_item_t>? = inner; cbor_decref(&i) }
            guard case .bytes(let b)? = convert(inner), b.first == 0 else { return nil }
            return .link(Array(b.dropFirst()))
        case CBOR_TYPE_FLOAT_CTRL:
            if cbor_is_null(item) { return .null }
            if cbor_is_bool(item) { return .bool(cbor_get_bool(item)) }
            return nil
        default:
            return nil
        }
    }

    /// Builds the libcbor tree of a value with minimal-width builders and our key order.
    static func libcborBuild(_ value: CborObject) -> UnsafeMutablePointer<cbor_item_t> {
        func uint(_ v: UInt64) -> UnsafeMutablePointer<cbor_item_t> {
            if v <= 0xff { return cbor_build_uint8(UInt8(v)) }
            if v <= 0xffff { return cbor_build_uint16(UInt16(v)) }
            if v <= 0xffff_ffff { return cbor_build_uint32(UInt32(v)) }
            return cbor_build_uint64(v)
        }
        func negint(_ v: UInt64) -> UnsafeMutablePointer<cbor_item_t> {
            if v <= 0xff { return cbor_build_negint8(UInt8(v)) }
            if v <= 0xffff { return cbor_build_negint16(UInt16(v)) }
            if v <= 0xffff_ffff { return cbor_build_negint32(UInt32(v)) }
            return cbor_build_negint64(v)
        }
        switch value {
        case .integer(let v):
            return v >= 0 ? uint(UInt64(v)) : negint(UInt64(-1 - v))
        case .bytes(let b):
            return b.withUnsafeBufferPointer { cbor_build_bytestring($0.baseAddress ?? UnsafePointer(bitPattern: 1), $0.count) }
        case .text(let s):
            return Array(s.utf8).withUnsafeBufferPointer {
                $0.withMemoryRebound(to: CChar.self) { cbor_build_stringn($0.baseAddress ?? UnsafePointer(bitPattern: 1), $0.count) }
            }
        case .bool(let b):
            return cbor_build_bool(b)
        case .null:
            return cbor_new_null()
        case .list(let items):
            let array = cbor_new_definite_array(items.count)!
            for item in items { _ = cbor_array_push(array, cbor_move(libcborBuild(item))) }
            return array
        case .map(let m):
            let map = cbor_new_definite_map(m.count)!
            for e in m.entries {
                _ = cbor_map_add(map, cbor_pair(key: cbor_move(libcborBuild(.text(e.key))), value: cbor_move(libcborBuild(e.value))))
            }
            return map
        case .link(let cid):
            return cbor_build_tag(42, cbor_move(libcborBuild(.bytes([0] + cid))))
        }
    }

    static func libcborSerialize(_ value: CborObject) -> [UInt8] {
        var item: UnsafeMutablePointer<cbor_item_t>? = libcborBuild(value)
        defer { cbor_decref(&item) }
        var buffer: UnsafeMutablePointer<UInt8>? = nil
        var size = 0
        let length = cbor_serialize_alloc(item, &buffer, &size)
        defer { free(buffer) }
        return Array(UnsafeBufferPointer(start: buffer, count: length))
    }

    @Test("libcbor reads our encoding of random values back to the same value")
    func libcborAgreesOnDecode() {
        var rng = SeededGenerator(seed: 0x5EED_0001)
        for _ in 0..<2_000 {
            let value = RandomCbor.value(&rng, depth: 0)
            let ours = value.serialize()
            #expect(Self.libcborDecode(ours) == value, "libcbor disagrees on \(TestHex.encode(ours))")
        }
    }

    @Test("libcbor's serializer with minimal builders produces our bytes")
    func libcborAgreesOnEncode() {
        var rng = SeededGenerator(seed: 0x5EED_0002)
        for _ in 0..<2_000 {
            let value = RandomCbor.value(&rng, depth: 0)
            #expect(Self.libcborSerialize(value) == value.serialize())
        }
    }

    @Test("strict decoding inverts encoding for random values")
    func roundTrip() throws {
        var rng = SeededGenerator(seed: 0x5EED_0003)
        for _ in 0..<2_000 {
            let value = RandomCbor.value(&rng, depth: 0)
            #expect(try CborObject.decode(value.serialize(), options: .strict) == value)
        }
    }

    @Test("random byte strings never crash either decoder")
    func fuzzNoCrash() {
        var rng = SeededGenerator(seed: 0x5EED_0004)
        var accepted = 0
        for _ in 0..<20_000 {
            let n = Int(rng.next() % 24)
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if let v = try? CborObject.decode(bytes, options: .strict) {
                accepted += 1
                // Whatever strict mode accepts is canonical: it re-encodes to the same bytes.
                #expect(v.serialize() == bytes)
            }
            _ = try? CborObject.decode(bytes, options: .upstreamCompatible)
        }
        #expect(accepted > 0)
    }
}

/// Random values of the Peergos subset, biased towards head-size boundaries and odd keys.
enum RandomCbor {
    static let boundaries: [Int64] = [0, 1, 23, 24, 255, 256, 65535, 65536, 4_294_967_295, 4_294_967_296, Int64.max, -1, -24, -25, -256, -257, -65536, -65537, Int64.min]
    static let keys = ["a", "b", "k", "type", "é", "ab", "\u{FF5E}", "😀", "", "zz", "cn", "bats"]

    static func value(_ rng: inout SeededGenerator, depth: Int) -> CborObject {
        let choice = rng.next() % (depth > 3 ? 6 : 9)
        switch choice {
        case 0: return .integer(boundaries[Int(rng.next() % UInt64(boundaries.count))])
        case 1: return .integer(Int64(bitPattern: rng.next()))
        case 2: return .bytes((0..<Int(rng.next() % 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        case 3: return .text(keys[Int(rng.next() % UInt64(keys.count))] + String(repeating: "x", count: Int(rng.next() % 30)))
        case 4: return [CborObject.bool(true), .bool(false), .null][Int(rng.next() % 3)]
        case 5: return .link([0x01, 0x71, 0x12, 0x20] + (0..<32).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        case 6, 7:
            return .list((0..<Int(rng.next() % 5)).map { _ in value(&rng, depth: depth + 1) })
        default:
            var m = CborMap()
            for _ in 0..<Int(rng.next() % 6) {
                m[keys[Int(rng.next() % UInt64(keys.count))]] = value(&rng, depth: depth + 1)
            }
            return .map(m)
        }
    }
}
