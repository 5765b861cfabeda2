import Foundation

/// Input the engine cannot read, naming where it came from and what to do.
public enum DiagnosisInputError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The bytes are not JSON; `line` and `column` (from 1, in bytes) say where they stop being so.
  case invalidJSON(source: String, line: Int, column: Int)
  /// JSON, but not what `kubectl get -o json` prints (no `kind`, not an object).
  case notKubernetesJSON(source: String, problem: String)
  /// A field has the wrong type or a required one is missing; `path` is like `items[2].metadata.name`.
  case invalidField(source: String, path: String, problem: String)
  /// The kubectl tool's events answer is not in its documented shape, or reports an error.
  case invalidToolEvents(source: String, problem: String)

  public var source: String {
    switch self {
    case .invalidJSON(let source, _, _), .notKubernetesJSON(let source, _),
      .invalidField(let source, _, _), .invalidToolEvents(let source, _):
      source
    }
  }

  public var description: String {
    switch self {
    case .invalidJSON(let source, let line, let column):
      "\(source): is not valid JSON (line \(line), column \(column)); give what `kubectl get ... -o json` prints"
    case .notKubernetesJSON(let source, let problem):
      "\(source): \(problem); give what `kubectl get ... -o json` prints"
    case .invalidField(let source, let path, let problem):
      "\(source): \(path) \(problem); fix or remove the object"
    case .invalidToolEvents(let source, let problem):
      "\(source): \(problem); check the kubectl tool with `meta-agent tools verify`"
    }
  }

  /// One line naming the field, from where the reader stopped and why.
  init(_ error: JSONReadError, in json: Data, source: String, toolAnswer: Bool = false) {
    let path = error.pathText
    switch error.problem {
    case .syntax:
      let before = json.prefix(error.offset)
      let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? before.startIndex
      self = .invalidJSON(
        source: source, line: before.count(where: { $0 == 0x0A }) + 1,
        column: before.distance(from: lineStart, to: before.endIndex) + 1)
    case .tooDeep:
      self = .notKubernetesJSON(
        source: source, problem: "nests deeper than \(JSONReader.maximumDepth) levels")
    case .noKind:
      self = .notKubernetesJSON(
        source: source, problem: path.isEmpty ? "has no \"kind\"" : "\(path) has no \"kind\"")
    case .wrongType where path.isEmpty && toolAnswer:
      self = .invalidToolEvents(
        source: source,
        problem: "is not the kubectl tool's events answer (an object with \"events\" or \"items\")")
    case .wrongType where path.isEmpty:
      self = .notKubernetesJSON(source: source, problem: "is not a JSON object")
    case .wrongType(let expected):
      self = .invalidField(source: source, path: path, problem: "is not \(expected)")
    case .null(let expected):
      self = .invalidField(source: source, path: path, problem: "is null, expected \(expected)")
    case .missing:
      self = .invalidField(source: source, path: path, problem: "is missing")
    }
  }
}
