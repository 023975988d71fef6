import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// One request of a load: a path with its query, and a body (none: `Content-Length: 0`).
struct LoadRequest: @unchecked Sendable {
    let path: String
    let body: ByteBuffer?
}

/// What a load measured: completed requests per second over the whole load, and latency
/// percentiles (from the request's write to its response's last byte), in milliseconds.
struct LoadResult: Sendable {
    let rate: Double
    let p50Ms: Double
    let p99Ms: Double
    let maxMs: Double
    let done: Int
    /// CPU time of the whole process (server, when embedded, and load generator) per answered
    /// request, in microseconds: steadier than rates on a shared machine. Meaningless when two
    /// loads overlap.
    var cpuMicros: Double = 0
    /// Open loads: the most the generator's own timer woke after a request fell due, in
    /// milliseconds. Latency up to this much may be the generator's, not the server's.
    var latestWakeMs: Double = 0
    /// Seconds from the first request's write to the last answer.
    let elapsed: Double
    /// Every request's latency in nanoseconds, sorted.
    let latencies: [UInt64]

    init(latencies sorted: [UInt64], elapsed: Double, cpuMicros: Double = 0) {
        func at(_ p: Double) -> Double { sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1e6 }
        rate = Double(sorted.count) / elapsed
        p50Ms = at(0.5)
        p99Ms = at(0.99)
        maxMs = Double(sorted.last ?? 0) / 1e6
        done = sorted.count
        self.elapsed = elapsed
        self.latencies = sorted
        self.cpuMicros = cpuMicros
    }

    /// Consecutive loads as one: their requests over their summed time.
    static func combined(_ parts: [LoadResult]) -> LoadResult {
        let done = parts.reduce(0) { $0 + $1.done }
        let cpu = parts.reduce(0.0) { $0 + $1.cpuMicros * Double($1.done) } / Double(max(1, done))
        return LoadResult(latencies: parts.flatMap(\.latencies).sorted(), elapsed: parts.reduce(0) { $0 + $1.elapsed }, cpuMicros: cpu)
    }
}

/// Set once by a load that finished, so that a concurrent load can stop at the same moment.
final class LoadSignal: Sendable {
    private let raised = Atomic<Bool>(false)
    func raise() { raised.store(true, ordering: .relaxed) }
    var isRaised: Bool { raised.load(ordering: .relaxed) }
}

/// Checks one answer: nil if it is the expected one, else why not (the load stops with it).
typealias LoadCheck = @Sendable (_ index: Int, _ status: HTTPResponseStatus, _ body: ByteBuffer) -> String?

/// A load generator in the manner of wrk: `connections` keep-alive HTTP/1.1 connections on one
/// event loop, each sending its next request as soon as the previous answer is complete (no
/// pipelining), until `count` requests were answered. Requests are built before the clock starts;
/// connections are opened before it starts too, so the figures are the server's request path.
///
/// Invariant: every request index in 0..<count is sent at most once, in increasing order across
/// connections; all state of a run lives on the one event loop (no locks on the request path).
final class HTTPLoad: Sendable {
    let host: String
    let port: Int
    private let group: MultiThreadedEventLoopGroup

    init(host: String, port: Int) {
        self.host = host
        self.port = port
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    func shutdown() async { try? await group.shutdownGracefully() }

    /// Runs `count` requests (`request(i)` for i in 0..<count) over `connections` connections.
    /// Stops early (counting what was answered) when `stopWhen` is raised; raises `whenDone` as
    /// soon as this load ends.
    ///
    /// With `rate` (requests per second) the load is open, as wrk2's: request i is due at
    /// i / `rate` seconds after the start and is sent then, or as soon as a connection is free
    /// if none is; its latency counts from when it was due, so a stalled server is charged for
    /// every request it delayed (no coordinated omission). Without, each connection sends its
    /// next request as soon as the previous one is answered (closed, as wrk's).
    func run(connections: Int, count: Int, rate: Double? = nil, stopWhen: LoadSignal? = nil, whenDone: LoadSignal? = nil,
             request: @escaping @Sendable (Int) -> LoadRequest, check: @escaping LoadCheck) async throws -> LoadResult {
        let loop = group.next()
        let interval = rate.map { UInt64(max(1, (1e9 / $0).rounded())) }
        let run = LoadRun(loop: loop, count: count, interval: interval, host: "\(host):\(port)", stopWhen: stopWhen, whenDone: whenDone,
                          request: request, check: check)
        var channels: [Channel] = []
        do {
            for _ in 0..<connections {
                let channel = try await ClientBootstrap(group: loop)
                    .channelOption(.socketOption(.tcp_nodelay), value: 1)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHTTPClientHandlers()
                            try channel.pipeline.syncOperations.addHandler(LoadHandler(run: run))
                        }
                    }
                    .connect(host: host, port: port).get()
                channels.append(channel)
            }
        } catch {
            for c in channels { try? await c.close() }
            throw error
        }
        var result: Result<LoadResult, Error>
        let cpu = processCPUSeconds()
        do { result = .success(try await run.start(channels: channels).get()) } catch { result = .failure(error) }
        if case .success(var r) = result {
            r.cpuMicros = (processCPUSeconds() - cpu) * 1e6 / Double(max(1, r.done))
            result = .success(r)
        }
        for c in channels { try? await c.close() }
        return try result.get()
    }
}

/// The state of one load, confined to its event loop.
private final class LoadRun: @unchecked Sendable {
    let loop: EventLoop
    let count: Int
    /// Nanoseconds between the due times of consecutive requests (open load), or nil (closed).
    let interval: UInt64?
    let headers: HTTPHeaders
    let stopWhen: LoadSignal?
    let whenDone: LoadSignal?
    let request: @Sendable (Int) -> LoadRequest
    let check: LoadCheck
    let finished: EventLoopPromise<LoadResult>
    private var next = 0
    private var active = 0
    private var failed = false
    private var started: UInt64 = 0
    private var latencies: [UInt64] = []
    /// Connections of an open load waiting for their next request to fall due.
    private var parked: [() -> Void] = []
    private var wake: Scheduled<Void>?
    /// The most an open load's wake-up ran after its due time, in nanoseconds.
    private var latestWake: UInt64 = 0

    init(loop: EventLoop, count: Int, interval: UInt64?, host: String, stopWhen: LoadSignal?, whenDone: LoadSignal?,
         request: @escaping @Sendable (Int) -> LoadRequest, check: @escaping LoadCheck) {
        self.loop = loop
        self.count = count
        self.interval = interval
        headers = HTTPHeaders([("Host", host)])
        self.stopWhen = stopWhen
        self.whenDone = whenDone
        self.request = request
        self.check = check
        finished = loop.makePromise()
        latencies.reserveCapacity(count)
    }

    func start(channels: [Channel]) -> EventLoopFuture<LoadResult> {
        loop.execute {
            self.active = channels.count
            self.started = now()
            for c in channels { c.pipeline.fireUserInboundEventTriggered(LoadStart()) }
            if channels.isEmpty { self.finish() }
        }
        return finished.futureResult
    }

    /// What a free connection is to do next.
    enum Next {
        /// Send request `index`; its latency counts from `due` (0: from when it is sent).
        case send(index: Int, due: UInt64)
        /// Park until the next request is due (open loads only).
        case wait
        /// The load is over.
        case over
    }

    private var isOver: Bool { failed || next >= count || (stopWhen?.isRaised ?? false) }

    /// Due time of request `next` of an open load.
    private var nextDue: UInt64 { started + UInt64(next) * (interval ?? 0) }

    func take() -> Next {
        if isOver { return .over }
        var due: UInt64 = 0
        if interval != nil {
            due = nextDue
            if due > now() { return .wait }
        }
        defer { next += 1 }
        return .send(index: next, due: due)
    }

    /// Parks a connection of an open load; `resume` is called when its next request is due or
    /// the load is over.
    func park(_ resume: @escaping () -> Void) {
        parked.append(resume)
        scheduleWake()
    }

    private func scheduleWake() {
        guard wake == nil, !parked.isEmpty else { return }
        let delay = isOver ? 0 : Int64(nextDue) - Int64(now())
        let target = now() + UInt64(max(0, delay))
        wake = loop.scheduleTask(in: .nanoseconds(max(0, delay))) {
            let woke = now()
            self.latestWake = Swift.max(self.latestWake, woke - Swift.min(woke, target))
            self.wake = nil
            // Each resumed connection takes a due request (or sees the end); stop at the first not yet due.
            while !self.parked.isEmpty, self.isOver || self.nextDue <= now() {
                self.parked.removeFirst()()
            }
            self.scheduleWake()
        }
    }

    func record(_ nanoseconds: UInt64) { latencies.append(nanoseconds) }

    func connectionDone() {
        active -= 1
        if active == 0 { finish() }
    }

    func fail(_ why: String) {
        guard !failed else { return }
        failed = true
        wake?.cancel()
        parked.removeAll()
        whenDone?.raise()
        finished.fail(WorkloadMismatch(description: why))
    }

    private func finish() {
        guard !failed else { return }
        let elapsed = Double(now() - started) / 1e9
        whenDone?.raise()
        var result = LoadResult(latencies: latencies.sorted(), elapsed: elapsed)
        result.latestWakeMs = Double(latestWake) / 1e6
        finished.succeed(result)
    }
}

private struct LoadStart {}

/// User plus system CPU seconds of this process so far.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

private func now() -> UInt64 {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
}

/// One connection of a load: sends a request, reads its whole answer, checks it, sends the next.
private final class LoadHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let run: LoadRun
    private var index = 0
    private var sentAt: UInt64 = 0
    /// When the request in flight was due (open loads), else 0.
    private var due: UInt64 = 0
    private var status: HTTPResponseStatus = .ok
    private var body = ByteBuffer()
    private var waiting = false

    init(run: LoadRun) { self.run = run }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is LoadStart { send(context) } else { context.fireUserInboundEventTriggered(event) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            waiting = false
            run.record(now() - (due > 0 ? due : sentAt))
            if let why = run.check(index, status, body) { run.fail(why); return }
            send(context)
        }
    }

    private func send(_ context: ChannelHandlerContext) {
        let i: Int
        switch run.take() {
        case .over: run.connectionDone(); return
        case .wait: run.park { self.send(context) }; return
        case .send(let index, let due): i = index; self.due = due
        }
        index = i
        let r = run.request(i)
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: r.path, headers: run.headers)
        head.headers.add(name: "Content-Length", value: String(r.body?.readableBytes ?? 0))
        waiting = true
        sentAt = now()
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let b = r.body, b.readableBytes > 0 { context.write(wrapOutboundOut(.body(.byteBuffer(b))), promise: nil) }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        run.fail("connection error: \(error)")
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if waiting { run.fail("the server closed a connection with a request unanswered") }
        context.fireChannelInactive()
    }
}
