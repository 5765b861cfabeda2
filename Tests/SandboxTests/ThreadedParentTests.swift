import Foundation
import Glibc
import Testing

@testable import Sandbox

/// The agent spawns sandboxes from a busy, multi-threaded process. The child of
/// a raw clone inherits glibc's list of the parent's threads, so any glibc call
/// that talks to "every thread" (setgroups, setresuid: nptl's setxid broadcast)
/// can wait forever for a thread that was being created at the clone.
@Suite("Spawning from a multi-threaded parent")
struct ThreadedParentTests {
  /// Creates and joins threads without pause until `stop` is set.
  final class ThreadChurn: @unchecked Sendable {
    private let lock = NSLock()
    private var stopped = false
    private(set) var created = 0
    private var workers: [Thread] = []

    func start(workers count: Int) {
      for _ in 0..<count {
        let worker = Thread { [self] in
          while !lock.withLock({ stopped }) {
            var thread = pthread_t()
            if pthread_create(&thread, nil, { _ in nil }, nil) == 0 {
              pthread_join(thread, nil)
              lock.withLock { created += 1 }
            }
          }
        }
        worker.start()
        workers.append(worker)
      }
    }

    func stop() { lock.withLock { stopped = true } }
  }

  /// Lets only the first of two racing parties resume a continuation.
  final class FirstAnswer: @unchecked Sendable {
    private let lock = NSLock()
    private var answered = false

    func claim() -> Bool {
      lock.withLock {
        defer { answered = true }
        return !answered
      }
    }
  }

  @Test("sandboxes start while other threads are being created, none hangs before exec")
  func spawnsDuringThreadChurn() async throws {
    let churn = ThreadChurn()
    churn.start(workers: 2)
    defer { churn.stop() }
    let spawns = 80
    // The spawns run on their own thread, raced by a timer: a hang must fail the
    // test, not stall it (the stuck thread is left behind; the run's exit ends it).
    let answer = FirstAnswer()
    let endings: [SandboxEnding]? = try await withCheckedThrowingContinuation { continuation in
      Thread {
        do {
          var endings: [SandboxEnding] = []
          for _ in 0..<spawns {
            let result = try SandboxLauncher.run(
              SandboxRequest(
                argv: ["/usr/bin/true"], profile: Fixture.probeProfile(), wallTimeSeconds: 20))
            endings.append(result.ending)
          }
          if answer.claim() { continuation.resume(returning: endings) }
        } catch {
          if answer.claim() { continuation.resume(throwing: error) }
        }
      }.start()
      DispatchQueue.global().asyncAfter(deadline: .now() + 60) {
        if answer.claim() { continuation.resume(returning: nil) }
      }
    }
    guard let endings else {
      Issue.record("a sandbox start hung for 60 s while threads were being created")
      return
    }
    #expect(churn.created > 0, "threads were being created meanwhile")
    #expect(endings == Array(repeating: .exited(code: 0), count: spawns))
  }
}
