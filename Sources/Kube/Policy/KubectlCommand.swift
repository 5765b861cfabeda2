/// A kubectl command line the verb policy allowed, parsed the way kubectl parses it.
public struct KubectlCommand: Sendable, Equatable {
  /// The read-only verb.
  public let verb: KubectlVerb
  /// Positional arguments after the verb (resource types, names), in order.
  public let arguments: [String]
  /// Every flag, global or the verb's own, in the order given.
  public let flags: [KubectlFlag]
  /// The arguments to hand to kubectl, without the program name.
  public let argv: [String]

  public init(verb: KubectlVerb, arguments: [String], flags: [KubectlFlag], argv: [String]) {
    self.verb = verb
    self.arguments = arguments
    self.flags = flags
    self.argv = argv
  }

  /// The last value given for a flag, by long name.
  public func value(of name: String) -> String? {
    flags.last { $0.name == name }?.value
  }

  /// The namespace from `-n`/`--namespace`, if any.
  public var namespace: String? { value(of: "namespace") }

  /// The kubeconfig context from `--context`, if any.
  public var context: String? { value(of: "context") }

  /// True when `-A`/`--all-namespaces` is on.
  public var allNamespaces: Bool {
    flags.last { $0.name == "all-namespaces" }?.isOn ?? false
  }
}
