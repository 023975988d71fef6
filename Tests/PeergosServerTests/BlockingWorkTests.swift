#if os(Linux)
import Glibc
@testable import PeergosServer
import Testing

/// The blocking pool's threads run at a lower CPU priority than the threads that handle reads.
@Suite("Blocking work")
struct BlockingWorkTests {
    @Test("every thread of the blocking pool runs at nice +10; the caller's priority is untouched")
    func lowerPriority() async throws {
        let mine = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(gettidForTest()))
        // More concurrent items than threads, each holding its thread briefly, so all threads answer.
        let priorities = try await withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 0..<(BlockingWork.threads * 2) {
                group.addTask { try await BlockingWork.pool.runIfActive { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(gettidForTest())) } }
            }
            return try await group.reduce(into: Set<Int32>()) { $0.insert($1) }
        }
        #expect(priorities == [10])
        #expect(getpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(gettidForTest())) == mine)
    }
}

@_silgen_name("gettid") private func gettidForTest() -> Int32
#endif
