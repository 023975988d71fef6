import Foundation
import HTTPTypes
import Hummingbird

/// A refusal the server reports as upstream does: HTTP 400 with the URL-encoded message in a
/// `Trailer` header and an empty body.
struct PeergosServerError: Error, CustomStringConvertible {
    let message: String
    var status: HTTPResponse.Status = .badRequest

    init(_ message: String, status: HTTPResponse.Status = .badRequest) {
        self.message = message
        self.status = status
    }

    var description: String { message }

    var response: Response {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.*")
        let encoded = (message.addingPercentEncoding(withAllowedCharacters: allowed) ?? "error").replacingOccurrences(of: "%20", with: "+")
        var headers = HTTPFields()
        headers[.contentType] = "text/plain"
        headers[HTTPField.Name("Trailer")!] = encoded
        return Response(status: status, headers: headers, body: .init())
    }
}
