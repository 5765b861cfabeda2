/// A parsed `labelSelector` query: requirements that must all hold, with the
/// operators kubectl sends (`=`, `==`, `!=`, `in`, `notin`, `key`, `!key`).
public struct LabelSelector: Sendable, Equatable {
  /// One requirement on one label.
  public enum Requirement: Sendable, Equatable {
    case equals(String, String)
    case notEquals(String, String)
    case isIn(String, Set<String>)
    case notIn(String, Set<String>)
    case exists(String)
    case doesNotExist(String)
  }

  public var requirements: [Requirement]

  /// Why a selector string could not be parsed; the server answers 400 with it.
  public struct ParseError: Error, Equatable, CustomStringConvertible {
    public var description: String
  }

  /// Parses a selector; an empty string selects everything.
  public init(parsing text: String) throws {
    requirements = try Self.splitTopLevel(text).map(Self.requirement(from:))
  }

  /// True when every requirement holds for these labels.
  public func matches(_ labels: [String: String]) -> Bool {
    requirements.allSatisfy { requirement in
      switch requirement {
      case .equals(let key, let value): return labels[key] == value
      case .notEquals(let key, let value): return labels[key] != value
      case .isIn(let key, let values): return labels[key].map(values.contains) ?? false
      case .notIn(let key, let values): return !(labels[key].map(values.contains) ?? false)
      case .exists(let key): return labels[key] != nil
      case .doesNotExist(let key): return labels[key] == nil
      }
    }
  }

  /// Splits on commas that are not inside a parenthesised value set.
  private static func splitTopLevel(_ text: String) throws -> [String] {
    var parts: [String] = []
    var current = ""
    var depth = 0
    for character in text {
      switch character {
      case "(": depth += 1
      case ")": depth -= 1
      case "," where depth == 0:
        parts.append(current)
        current = ""
        continue
      default: break
      }
      current.append(character)
    }
    guard depth == 0 else { throw ParseError(description: "unbalanced parentheses in \(text)") }
    parts.append(current)
    return parts.map { $0.trimmingSpaces }.filter { !$0.isEmpty }
  }

  private static func requirement(from text: String) throws -> Requirement {
    if text.hasPrefix("!") {
      return .doesNotExist(try key(String(text.dropFirst()).trimmingSpaces, in: text))
    }
    for (symbol, make) in [
      ("!=", Requirement.notEquals), ("==", Requirement.equals), ("=", Requirement.equals),
    ] {
      if let range = text.range(of: symbol) {
        let name = try key(String(text[..<range.lowerBound]).trimmingSpaces, in: text)
        return make(name, String(text[range.upperBound...]).trimmingSpaces)
      }
    }
    let words = text.split(separator: " ", maxSplits: 1).map(String.init)
    if words.count == 2 {
      let rest = words[1].trimmingSpaces
      for (keyword, make) in [("notin", Requirement.notIn), ("in", Requirement.isIn)]
      where rest.hasPrefix(keyword) {
        let set = rest.dropFirst(keyword.count).trimmingSpaces
        guard set.hasPrefix("("), set.hasSuffix(")") else {
          throw ParseError(description: "expected a (value, ...) set in \(text)")
        }
        let values = set.dropFirst().dropLast().split(separator: ",").map {
          String($0).trimmingSpaces
        }
        return make(try key(words[0], in: text), Set(values))
      }
      throw ParseError(description: "unsupported operator in \(text)")
    }
    return .exists(try key(text, in: text))
  }

  private static func key(_ name: String, in text: String) throws -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./")
    guard !name.isEmpty, name.allSatisfy(allowed.contains) else {
      throw ParseError(description: "invalid label key \"\(name)\" in \(text)")
    }
    return name
  }
}

extension StringProtocol {
  /// The text without leading and trailing spaces, as selectors allow around operators.
  var trimmingSpaces: String {
    var slice = Substring(self)
    while slice.first == " " { slice = slice.dropFirst() }
    while slice.last == " " { slice = slice.dropLast() }
    return String(slice)
  }
}
