import ArgumentParser
import Foundation

/// Which cluster deployed tools that read Kubernetes (the kubectl tool) reach,
/// through the read-only gateway in front of the user's own `kubectl proxy`.
struct ToolsClusterOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "The kubeconfig the kube gateway's `kubectl proxy` uses (default: $KUBECONFIG, else "
        + "~/.kube/config).", valueName: "FILE"))
  var kubeconfig: String?

  @Option(
    help: ArgumentHelp("The kubeconfig context (default: its current one).", valueName: "NAME"))
  var context: String?

  @Option(
    help: ArgumentHelp(
      "The namespace kubectl tools use when a call names none (default: the context's).",
      valueName: "NS"))
  var namespace: String?

  func validate() throws {
    if let kubeconfig {
      for file in kubeconfig.split(separator: ":")
      where !FileManager.default.fileExists(
        atPath: String(file))
      {
        throw ValidationError("--kubeconfig \(file): no such file; name an existing kubeconfig")
      }
    }
    if let namespace, !Self.isNamespace(namespace) {
      throw ValidationError(
        "--namespace \(namespace) is not a namespace name (lowercase letters, digits and -)")
    }
  }

  /// A DNS label, as Kubernetes namespaces are.
  static func isNamespace(_ name: String) -> Bool {
    name.range(of: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", options: .regularExpression) != nil
      && name.count <= 63
  }
}
