import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs blocking work (socket reads, waiting for a process) on its own thread, never on Swift's
/// cooperative pool: that pool has one thread per core, and the servers under test run their
/// handlers on it, so a test blocking it could stall the very server it waits for.
enum OffPool {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }
}

/// One TCP connection to the server on loopback, for tests that must control exactly what is sent
/// and see how the server ends the connection. Every read waits at most `receiveTimeout` seconds
/// (a generous bound on a loaded machine, not a synchronisation delay), on its own thread.
/// Used from one task at a time.
final class RawSocket: @unchecked Sendable {
    enum End: Equatable {
        /// The server closed the connection (orderly), or reset it.
        case closed
        /// Nothing arrived within the receive timeout.
        case timedOut
    }

    struct ConnectFailed: Error { let errno: Int32 }

    let fd: Int32
    /// Bytes received past the last answer read (a server may send two answers in one segment).
    private var pending: [UInt8] = []

    init(port: Int, receiveTimeout: Int = 30) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ConnectFailed(errno: errno) }
        var timeout = timeval(tv_sec: receiveTimeout, tv_usec: 0)
        guard setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size)) == 0 else {
            let e = errno
            close(fd)
            throw ConnectFailed(errno: e)
        }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let e = errno
            close(fd)
            throw ConnectFailed(errno: e)
        }
    }

    deinit { close(fd) }

    /// Sends all of `bytes`; false if the connection is gone.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Half-closes the connection: nothing more is sent, answers can still be read.
    func shutdownWrite() { _ = shutdown(fd, Int32(SHUT_WR)) }

    /// Everything the server sends until it ends the connection, and how it ended.
    func readToEnd() async throws -> (bytes: [UInt8], end: End) { try await OffPool.run { self.blockingReadToEnd() } }

    /// One answer read from the connection: a whole response's head, or how the connection ended first.
    enum Answer: Equatable {
        case head(String)
        case ended(End)
    }

    /// The next whole response (see `blockingReadResponse`).
    func readResponse() async throws -> Answer { try await OffPool.run { self.blockingReadResponse() } }

    /// The head of one whole response, or nil if the connection ended (or timed out) first.
    func readResponseHead() async throws -> String? {
        if case .head(let head) = try await readResponse() { return head }
        return nil
    }

    private func blockingReadToEnd() -> (bytes: [UInt8], end: End) {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { out += buffer[0..<n]; continue }
            if n == 0 || errno == ECONNRESET { return (out, .closed) }
            if errno == EINTR { continue }
            return (out, .timedOut)
        }
    }

    /// The head of one whole response (status line and headers; its Content-Length body is read
    /// and dropped; bytes after it stay buffered for the next answer), or how the connection ended first.
    private func blockingReadResponse() -> Answer {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let headEnd = pending.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: pending[..<headEnd.lowerBound], as: UTF8.self)
                let length = head.components(separatedBy: "\r\n")
                    .first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                if pending.count >= headEnd.upperBound + length {
                    pending.removeFirst(headEnd.upperBound + length)
                    return .head(head)
                }
            }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n > 0 { pending += buffer[0..<n]; continue }
            if n == 0 || errno == ECONNRESET { return .ended(.closed) }
            if errno == EINTR { continue }
            return .ended(.timedOut)
        }
    }
}
