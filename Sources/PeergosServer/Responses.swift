import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import CompressNIO
import NIOCore

/// Response helpers for the wire forms upstream uses.
enum Responses {
    static func bytes(_ b: [UInt8], contentType: String? = nil) -> Response {
        var headers = HTTPFields()
        if let contentType { headers[.contentType] = contentType }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: b)))
    }

    static func text(_ s: String) -> Response { bytes(Array(s.utf8)) }

    static func json(_ object: Any) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes, .fragmentsAllowed])) ?? Data("null".utf8)
        return bytes([UInt8](data), contentType: "application/json")
    }

    /// JSON compressed with gzip, as upstream's `core/getUsernamesGzip` answers
    /// (`Content-Encoding: gzip`, `Content-Type: application/json`).
    static func gzipJson(_ object: Any) throws -> Response {
        var plain = ByteBuffer(bytes: (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes, .fragmentsAllowed])) ?? Data("null".utf8))
        var response = Response(status: .ok, body: .init(byteBuffer: try plain.compress(with: .gzip())))
        response.headers[.contentType] = "application/json"
        response.headers[.contentEncoding] = "gzip"
        return response
    }

    /// Java `DataOutputStream.writeBoolean`: one byte.
    static func bool(_ b: Bool) -> Response { bytes([b ? 1 : 0]) }
}

extension Request {
    /// The last value of a query parameter (as upstream's storage handler reads it).
    func parameter(_ name: String) -> String? { uri.queryParameters.getAll(name).last.map { String($0) } }

    /// A required query parameter, or a 400 naming it.
    func required(_ name: String) throws -> String { try Self.required(name, parameter(name)) }

    /// `value` if present and not empty, else the 400 naming parameter `name`.
    static func required(_ name: String, _ value: String?) throws -> String {
        guard let v = value, !v.isEmpty else { throw PeergosServerError.malformed("Missing parameter \(name)") }
        return v
    }

    /// The query parsed once, for a route that reads several parameters (``parameter(_:)``
    /// parses the whole query on every call). Same answers as ``parameter(_:)`` and ``required(_:)``.
    var query: Query { Query(uri.queryParameters) }

    struct Query {
        let parameters: FlatDictionary<Substring, Substring>
        init(_ parameters: FlatDictionary<Substring, Substring>) { self.parameters = parameters }

        func parameter(_ name: String) -> String? { parameters.getAll(name).last.map { String($0) } }
        func required(_ name: String) throws -> String { try Request.required(name, parameter(name)) }
    }

    /// The body, read up to `limit` bytes; larger bodies are refused before they are read whole.
    func bodyBytes(limit: Int) async throws -> [UInt8] {
        if let length = headers[.contentLength].flatMap(Int.init), length > limit {
            throw PeergosServerError("Request body of \(length) bytes exceeds \(limit)")
        }
        var buffer: ByteBuffer
        do { buffer = try await body.collect(upTo: limit) } catch { throw PeergosServerError("Request body exceeds \(limit) bytes") }
        // A gzip-encoded body is accepted; its decoded size is bounded by the same limit.
        if headers[.contentEncoding]?.lowercased() == "gzip" {
            do { buffer = try buffer.decompress(with: .gzip(), maxSize: limit) } catch {
                throw PeergosServerError.malformed("Invalid gzip body (or over \(limit) bytes decoded): \(error)")
            }
        }
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}
