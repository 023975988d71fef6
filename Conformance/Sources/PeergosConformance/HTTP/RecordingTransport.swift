import PeergosClient

/// The client library's transport over the runner's ``HTTPExchanger``: every exchange is
/// recorded in the current case's ``ExchangeLog``, and answers are mapped to
/// ``PeergosClientError`` by the client's own convention (``HTTPTransport/error(status:trailer:path:)``).
public struct RecordingTransport: PeergosTransport {
    public let exchanger: HTTPExchanger
    public var origin: String { exchanger.origin }

    public init(_ exchanger: HTTPExchanger) { self.exchanger = exchanger }

    public func post(_ path: String, query: [(String, String)], body: [UInt8]) async throws -> [UInt8] {
        let request = ProbeRequest(path: path, query: query, body: body)
        let response: ProbeResponse
        do {
            response = try await exchanger.exchange(request)
            ExchangeLog.current?.append(RecordedExchange(request, .success(response)))
        } catch {
            ExchangeLog.current?.append(RecordedExchange(request, .failure(error)))
            throw PeergosClientError.transport("\(path): \(error)")
        }
        if response.status == 200 { return response.body }
        throw HTTPTransport.error(status: response.status, trailer: response.trailer, path: path)
    }
}
