/// Why talking to a tool server failed; every case names what the operator
/// can check.
public enum ToolServerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The sandbox could not start the server.
  case startFailed(detail: String)
  /// The server did not answer within the limit and was killed.
  case timedOut(operation: String, seconds: Double)
  /// The server ended while the host was waiting for it.
  case serverExited(ending: String, stderr: String)
  /// The server wrote something on stdout that is not a JSON-RPC message.
  case protocolViolation(excerpt: String)
  /// One message was larger than the host accepts.
  case answerTooLarge(limitBytes: Int)
  /// The server answered with a JSON-RPC error; the server is still usable.
  case serverRejected(code: Int, message: String)
  /// The server had died and starting it again failed.
  case restartFailed(previous: String, cause: String)

  public var description: String {
    switch self {
    case .startFailed(let detail):
      return
        "the tool server could not start: \(detail); run `meta-agent doctor` to check the sandbox and python3"
    case .timedOut(let operation, let seconds):
      return "the tool server did not answer \(operation) within \(seconds)s; it was killed"
    case .serverExited(let ending, let stderr):
      let tail = stderr.isEmpty ? "" : "; stderr: \(stderr)"
      return
        "the tool server ended (\(ending))\(tail); check the tool with `meta-agent tools verify`"
    case .protocolViolation(let excerpt):
      return "the tool server wrote something that is not JSON-RPC on stdout: \(excerpt)"
    case .answerTooLarge(let limit):
      return "the tool server sent a message over the \(limit)-byte limit; it was killed"
    case .serverRejected(let code, let message):
      return "the tool server refused the request (\(code)): \(message)"
    case .restartFailed(let previous, let cause):
      return "the tool server had stopped (\(previous)) and restarting it failed: \(cause)"
    }
  }
}
