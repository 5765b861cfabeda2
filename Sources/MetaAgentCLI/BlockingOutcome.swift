import Dispatch
import Foundation

/// Carries an async result to a synchronous command's thread (the main thread,
/// never one of the cooperative pool's, so waiting cannot starve the task).
final class BlockingOutcome<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private let done = DispatchSemaphore(value: 0)
  private var result: Result<Value, any Error>?

  func finish(_ result: Result<Value, any Error>) {
    lock.withLock { self.result = result }
    done.signal()
  }

  func wait() -> Result<Value, any Error> {
    done.wait()
    return lock.withLock { result! }
  }

  /// Runs `work` on the cooperative pool and waits for it on this thread.
  static func wait(for work: @escaping @Sendable () async throws -> Value) throws -> Value {
    let outcome = BlockingOutcome<Value>()
    Task {
      do {
        outcome.finish(.success(try await work()))
      } catch {
        outcome.finish(.failure(error))
      }
    }
    return try outcome.wait().get()
  }
}
