/// Reads an answer in DataStream framing; any shortfall is a ``PeergosClientError/malformedAnswer``.
struct DataStreamAnswer {
    let route: String
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8], route: String) {
        self.bytes = bytes
        self.route = route
    }

    mutating func bool() throws -> Bool {
        guard offset < bytes.count else { throw PeergosClientError.malformedAnswer(route: route, reason: "truncated") }
        defer { offset += 1 }
        return bytes[offset] != 0
    }

    mutating func int32() throws -> Int {
        guard bytes.count - offset >= 4 else { throw PeergosClientError.malformedAnswer(route: route, reason: "truncated") }
        let v = bytes[offset..<(offset + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        offset += 4
        return Int(Int32(bitPattern: v))
    }

    mutating func byteArray() throws -> [UInt8] {
        let n = try int32()
        guard n >= 0, bytes.count - offset >= n else { throw PeergosClientError.malformedAnswer(route: route, reason: "bad length \(n)") }
        defer { offset += n }
        return Array(bytes[offset..<(offset + n)])
    }

    mutating func string() throws -> String {
        guard let s = String(validating: try byteArray(), as: UTF8.self) else {
            throw PeergosClientError.malformedAnswer(route: route, reason: "invalid UTF-8")
        }
        return s
    }
}
