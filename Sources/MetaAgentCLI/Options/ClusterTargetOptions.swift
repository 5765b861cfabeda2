import ArgumentParser

/// Which cluster and namespaces a run reads: `-n NS | -A`, `--context`, `--kubeconfig`.
struct ClusterTargetOptions: ParsableArguments {
  @Option(
    name: [.customShort("n"), .long],
    help: "The namespace to diagnose (default: the one the request names, else all).")
  var namespace: String?

  @Flag(name: [.customShort("A"), .long], help: "Diagnose every namespace.")
  var allNamespaces = false

  @Option(help: "The kubeconfig context (default: the current one).")
  var context: String?

  @Option(
    help: ArgumentHelp(
      "The kubeconfig to inherit (default: $KUBECONFIG, else ~/.kube/config).",
      valueName: "FILE"))
  var kubeconfig: String?

  func validate() throws {
    if namespace != nil && allNamespaces {
      throw ValidationError("give either -n NAMESPACE or -A, not both")
    }
    if let namespace, !Self.isDNSLabel(namespace) {
      throw ValidationError(
        "-n \(namespace): a namespace is a DNS label (lowercase letters, digits, '-')")
    }
  }

  static func isDNSLabel(_ text: String) -> Bool {
    guard !text.isEmpty, text.count <= 63, text.first != "-", text.last != "-" else {
      return false
    }
    return text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
  }
}
