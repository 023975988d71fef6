import HTTPTypes
import NIOCore
import NIOHTTPTypes
import PeergosServerStorage

/// Answers two requests on the connection's event loop instead of handing them to the router:
/// the plain `block/get` (``BlockGetFastPath``) and the plain `block/put/bulk`
/// (``BlockPutFastPath``, whose work runs on the blocking pool and whose answer comes back here).
/// Everything else, and every put whose work fails, goes to the router.
///
/// Invariants:
/// - Answers keep request order (HTTP/1.1 answers follow the order of pipelined requests): a
///   request is taken here only while no request passed on still waits for its answer's end, and
///   while a put's work runs, every later part of the connection's input and every inbound event
///   (such as the client's half-closure) waits here, and no more is read from the socket, until
///   that put is answered or passed on.
/// - A request passed on reaches the router whole and unchanged: head, body (a put's body as one
///   part), end.
/// - It sits behind Hummingbird's connection-state handler, so idle time-outs and graceful shutdown
///   see every request and answer.
final class RequestFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum State {
        case idle
        /// Answering a get here: the request's remaining body and end are dropped.
        case answeringGet(HTTPResponse, ByteBuffer)
        /// Reading a put's body here.
        case readingPut(BlockPutFastPath.Put, HTTPRequest)
        /// A put's work runs off the event loop.
        case workingOnPut
    }

    private let reads: ServerReadConnections
    private let serverName: String
    private let puts: BlockPutFastPath?
    private var state = State.idle
    /// The body of the put being read.
    private var putBody = ByteBuffer()
    /// Requests passed on whose answer has not ended yet.
    private var passedOn = 0
    /// Set once a request passed on asked to close the connection: nothing more is answered here.
    private var closing = false
    /// What arrived while a put's work ran, in order: request parts and inbound events (the
    /// client's half-closure must reach the router after the put's answer, or the router would
    /// close the connection before it).
    private enum Held {
        case part(HTTPRequestPart)
        case event(Any)
    }
    private var held: [Held] = []
    /// A read of the socket asked for while a put's work ran, made once it is done.
    private var readWithheld = false
    private var isActive = true

    /// `puts` nil: every put goes to the router.
    init(reads: ServerReadConnections, serverName: String, puts: BlockPutFastPath? = nil) {
        self.reads = reads
        self.serverName = serverName
        self.puts = puts
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if case .workingOnPut = state { return held.append(.part(part)) }
        process(part, context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .workingOnPut = state { return held.append(.event(event)) }
        context.fireUserInboundEventTriggered(event)
    }

    private func process(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch part {
        case .head(let head):
            if passedOn == 0, !closing {
                if let answer = BlockGetFastPath.answer(head, reads: reads, serverName: serverName, allocator: context.channel.allocator) {
                    state = .answeringGet(answer.0, answer.1)
                    return
                }
                if let put = puts?.accepts(head) {
                    state = .readingPut(put, head)
                    putBody = context.channel.allocator.buffer(capacity: put.contentLength)
                    return
                }
            }
            passedOn += 1
            if head.headerFields[.connection] != nil { closing = true }
            context.fireChannelRead(wrapInboundOut(part))
        case .body(var chunk):
            switch state {
            case .answeringGet: return
            case .readingPut: putBody.writeBuffer(&chunk)
            case .idle, .workingOnPut: context.fireChannelRead(wrapInboundOut(part))
            }
        case .end:
            switch state {
            case .answeringGet(let head, let body):
                state = .idle
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                context.write(wrapOutboundOut(.body(body)), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            case .readingPut(let put, let head):
                state = .workingOnPut
                startPut(put, head: head, end: part, context: context)
            case .idle, .workingOnPut:
                context.fireChannelRead(wrapInboundOut(part))
            }
        }
    }

    private func startPut(_ put: BlockPutFastPath.Put, head: HTTPRequest, end: HTTPRequestPart, context: ChannelHandlerContext) {
        guard let puts else { return }
        let body = putBody
        putBody = ByteBuffer()
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let loop = context.eventLoop
        puts.run(put, body: Array(body.readableBytesView)) { answer in
            loop.execute {
                let (handler, context) = bound.value
                handler.finishPut(answer, head: head, body: body, end: end, context: context)
            }
        }
    }

    /// On the event loop, once a put's work is done: its answer, or the whole request to the
    /// router; then what arrived meanwhile.
    private func finishPut(_ answer: [UInt8]?, head: HTTPRequest, body: ByteBuffer, end: HTTPRequestPart, context: ChannelHandlerContext) {
        state = .idle
        guard isActive else { return held.removeAll() }
        if let answer {
            let (responseHead, responseBody) = Self.ok(answer, serverName: serverName, allocator: context.channel.allocator)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.write(wrapOutboundOut(.body(responseBody)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            passedOn += 1
            context.fireChannelRead(wrapInboundOut(.head(head)))
            if body.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(.body(body))) }
            context.fireChannelRead(wrapInboundOut(end))
        }
        while !held.isEmpty {
            if case .workingOnPut = state { break }
            switch held.removeFirst() {
            case .part(let part): process(part, context: context)
            case .event(let event): context.fireUserInboundEventTriggered(event)
            }
        }
        // Parts passed on are delivered downstream at the end of a read.
        context.fireChannelReadComplete()
        if case .workingOnPut = state { return }
        if readWithheld {
            readWithheld = false
            context.read()
        }
    }

    /// The router's 200 answer carrying `data`, with `fields` and the headers Hummingbird adds
    /// (`Content-Length`, `Date`, `Server`).
    static func ok(_ data: [UInt8], fields: HTTPFields = [:], serverName: String, allocator: ByteBufferAllocator) -> (HTTPResponse, ByteBuffer) {
        var fields = fields
        fields[.contentLength] = String(data.count)
        fields[.date] = HTTPDate.now()
        fields[.server] = serverName
        var body = allocator.buffer(capacity: data.count)
        body.writeBytes(data)
        return (HTTPResponse(status: .ok, headerFields: fields), body)
    }

    func read(context: ChannelHandlerContext) {
        if case .workingOnPut = state { readWithheld = true } else { context.read() }
    }

    func channelInactive(context: ChannelHandlerContext) {
        isActive = false
        held.removeAll()
        context.fireChannelInactive()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), passedOn > 0 { passedOn -= 1 }
        context.write(data, promise: promise)
    }
}
