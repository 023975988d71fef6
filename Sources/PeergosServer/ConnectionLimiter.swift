import NIOCore
import Synchronization

/// The number of connections the server holds open, bounded by `maximum`.
///
/// Invariant: `count` is the number of admitted connections not yet closed, never above `maximum`;
/// admission and release are atomic, so connections on different event loops share one bound.
final class ConnectionLimit: Sendable {
    let maximum: Int
    private let open = Atomic<Int>(0)

    init(_ maximum: Int) { self.maximum = maximum }

    /// Admits one more connection if fewer than `maximum` are open.
    func acquire() -> Bool {
        var current = open.load(ordering: .relaxed)
        while current < maximum {
            let (exchanged, original) = open.compareExchange(expected: current, desired: current + 1, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Releases one admitted connection.
    func release() { open.subtract(1, ordering: .acquiringAndReleasing) }

    var count: Int { open.load(ordering: .relaxed) }

    /// What a connection past the limit is told.
    var refusal: String { "Too many open connections (at most \(maximum)); try again later" }
}

/// Installs a ``ConnectionGate`` at the front of each connection's pipeline. Hummingbird adds its
/// extra handlers after the HTTP codec; the gate must sit before it, so that a refused connection
/// is answered with raw bytes at once, before (and without) any request being parsed.
final class ConnectionLimiter: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    let limit: ConnectionLimit

    init(limit: ConnectionLimit) { self.limit = limit }

    func handlerAdded(context: ChannelHandlerContext) {
        do {
            try context.pipeline.syncOperations.addHandler(ConnectionGate(limit: limit), position: .first)
        } catch {
            // Without its gate a connection must not be served: the bound would not hold.
            context.close(promise: nil)
        }
    }
}

/// Counts one connection against the ``ConnectionLimit``: admitted while it is open, released when
/// it closes. Past the limit it answers `503 Service Unavailable` with the reason in a `Trailer`
/// header (the server's refusal convention) and `Connection: close`, then closes its sending side
/// and discards what the client sends (never parsing it) until the client closes or
/// ``lingering`` passes. Closing at once instead would reset a connection whose request had
/// already arrived, and a reset makes the client drop the answer unread.
final class ConnectionGate: ChannelInboundHandler {
    /// How long a refused connection is kept for its client to read the answer and close.
    static let lingering = TimeAmount.seconds(1)

    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private enum State { case pending, admitted, refused, released }
    private var state = State.pending
    private let limit: ConnectionLimit

    init(limit: ConnectionLimit) { self.limit = limit }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard state == .admitted else { return }  // a refused connection's bytes are never parsed
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // A refused client that closed its side after reading the answer: done.
        if state == .refused, let event = event as? ChannelEvent, event == .inputClosed {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if state == .admitted { limit.release() }
        state = .released
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if state == .admitted { limit.release() }
        state = .released
    }

    private func admit(_ context: ChannelHandlerContext) {
        guard state == .pending else { return }
        if limit.acquire() {
            state = .admitted
            return
        }
        state = .refused
        let head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 0\r\nConnection: close\r\n"
            + "Trailer: \(PeergosServerError.trailerValue(limit.refusal))\r\n\r\n"
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: head))).whenComplete { _ in
            channel.close(mode: .output, promise: nil)
        }
        context.eventLoop.scheduleTask(in: Self.lingering) { channel.close(promise: nil) }
    }

    typealias OutboundOut = ByteBuffer
}
