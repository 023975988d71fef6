import Foundation
import HTTPTypes
import Hummingbird

/// A refusal the server reports as upstream does: HTTP 400 with the URL-encoded message in a
/// `Trailer` header and an empty body.
struct PeergosServerError: Error, CustomStringConvertible {
    let message: String
    var status: HTTPResponse.Status = .badRequest
    /// The request's body or parameters failed to parse (what ``ServerFaults/internalErrorOnMalformedInput``
    /// answers 500 to); the answer itself does not depend on it.
    var isMalformedInput = false

    init(_ message: String, status: HTTPResponse.Status = .badRequest) {
        self.message = message
        self.status = status
    }

    /// A refusal because the request's body or parameters failed to parse.
    static func malformed(_ message: String) -> PeergosServerError {
        var e = PeergosServerError(message)
        e.isMalformedInput = true
        return e
    }

    var description: String { message }

    var response: Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain"
        if let trailer = HTTPField.Name("Trailer") { headers[trailer] = Self.trailerValue(message) }
        return Response(status: status, headers: headers, body: .init())
    }

    /// `message` as upstream puts it in the `Trailer` header: URL-encoded (Java's
    /// `URLEncoder`: letters, digits and `-_.*` kept, spaces as `+`), so it is one header line.
    static func trailerValue(_ message: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-_.*")
        return (message.addingPercentEncoding(withAllowedCharacters: allowed) ?? "error").replacingOccurrences(of: "%20", with: "+")
    }
}
