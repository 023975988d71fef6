import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Answers a request that asks for a protocol upgrade (`Upgrade: h2c`, which Java's HttpClient, and
/// so upstream's client, sends on every HTTP/1.1 request) over HTTP/1.1 and then closes the
/// connection, with `Connection: close` on the response.
///
/// Why: NIO's HTTP/1 decoder stops parsing a connection after an upgrade request, so without this
/// the client's next request on the same keep-alive connection would never be answered. Upstream's
/// server ignores the header; closing is the nearest behaviour this stack allows, and the client
/// simply opens a new connection.
final class UpgradeRequestCloser: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var closeAfterResponse = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data), head.headerFields[.upgrade] != nil {
            closeAfterResponse = true
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard closeAfterResponse else { return context.write(data, promise: promise) }
        switch unwrapOutboundIn(data) {
        case .head(var head):
            head.headerFields[.connection] = "close"
            context.write(wrapOutboundOut(.head(head)), promise: promise)
        case .end:
            let written = promise ?? context.eventLoop.makePromise()
            let channel = context.channel
            context.writeAndFlush(data, promise: written)
            written.futureResult.whenComplete { _ in channel.close(promise: nil) }
        case .body:
            context.write(data, promise: promise)
        }
    }
}
