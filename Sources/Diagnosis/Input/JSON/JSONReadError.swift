/// Why a document could not be read, and where: the path of keys and indices
/// to the value (`items[2].metadata.name`), built as the error leaves each
/// object and array, and the byte offset.
struct JSONReadError: Error, Equatable {
  enum Problem: Equatable {
    /// Not valid JSON at `offset`.
    case syntax
    /// Nested deeper than `JSONReader.maximumDepth`.
    case tooDeep
    case wrongType(expected: String)
    case null(expected: String)
    /// A member the type needs is absent; the path ends with its name.
    case missing
    /// A Kubernetes object without a `kind` (and no typed list to give it one).
    case noKind
  }

  enum PathComponent: Equatable {
    case key(String)
    case index(Int)
  }

  var problem: Problem
  var offset: Int
  var path: [PathComponent] = []

  init(_ problem: Problem, at offset: Int, path: [PathComponent] = []) {
    self.problem = problem
    self.offset = offset
    self.path = path
  }

  /// A required member `name` is missing from the object being read.
  static func missing(_ name: String, at offset: Int) -> JSONReadError {
    JSONReadError(.missing, at: offset, path: [.key(name)])
  }

  /// The same error seen from the enclosing object or array.
  func inside(_ component: PathComponent) -> JSONReadError {
    var outer = self
    outer.path.insert(component, at: 0)
    return outer
  }

  /// `items[2].metadata.name`; empty for the document itself.
  var pathText: String {
    var text = ""
    for component in path {
      switch component {
      case .index(let index): text += "[\(index)]"
      case .key(let key): text += text.isEmpty ? key : ".\(key)"
      }
    }
    return text
  }
}
