import Foundation
import MCP

/// One call as the host saw it, handed to the caller's audit hook; the caller
/// digests the arguments with whatever hash its audit log uses.
public struct ToolCallRecord: Sendable, Equatable {
  public enum Outcome: Sendable, Equatable {
    /// The tool answered; `isError` is the tool's own verdict.
    case answered(isError: Bool)
    /// The allow-list refused the call; no server saw it.
    case refused
    case failed(ToolServerError)
  }

  public var server: String
  public var function: String
  public var arguments: [String: Value]
  public var outcome: Outcome
  public var startedAt: Date
  public var seconds: Double

  /// The arguments as canonical JSON (sorted keys), ready to be digested.
  public var canonicalArguments: Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(arguments)) ?? Data()
  }
}
