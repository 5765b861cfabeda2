import Foundation

/// Holds the first reason a server session broke; later reasons are
/// consequences of the first (a kill after a timeout ends the stream too).
final class FailureLatch: @unchecked Sendable {
  private let lock = NSLock()
  private var first: ToolServerError?
  private var reactions: [@Sendable () -> Void] = []

  var reason: ToolServerError? { lock.withLock { first } }

  /// Runs `reaction` once when the latch trips (at once if it already has).
  func onTrip(_ reaction: @escaping @Sendable () -> Void) {
    let trippedAlready = lock.withLock {
      if first == nil { reactions.append(reaction) }
      return first != nil
    }
    if trippedAlready { reaction() }
  }

  /// Records `reason` if nothing was recorded before and runs the reactions.
  func trip(_ reason: ToolServerError) {
    let toRun: [@Sendable () -> Void] = lock.withLock {
      guard first == nil else { return [] }
      first = reason
      defer { reactions = [] }
      return reactions
    }
    for reaction in toRun { reaction() }
  }
}
