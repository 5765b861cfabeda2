import Foundation

/// Finds and reads the kubeconfig the way kubectl does: every file in the
/// colon-separated KUBECONFIG list that exists, merged in order; without
/// KUBECONFIG, ~/.kube/config (HOME from the given environment).
public struct KubeconfigLocator: Sendable {
  public let environment: [String: String]

  public init(environment: [String: String]) { self.environment = environment }

  /// True when KUBECONFIG decides where to look.
  public var usesEnvironmentList: Bool { !(environment["KUBECONFIG"] ?? "").isEmpty }

  /// The paths kubectl would consider, in order, without duplicates.
  public var candidatePaths: [String] {
    if usesEnvironmentList {
      var seen: Set<String> = []
      return (environment["KUBECONFIG"] ?? "").split(separator: ":").map(String.init)
        .filter { seen.insert($0).inserted }
    }
    guard let home = environment["HOME"], !home.isEmpty else { return [] }
    return [URL(fileURLWithPath: home).appendingPathComponent(".kube/config").path]
  }

  /// The merged kubeconfig of every candidate that exists.
  public func load() throws(CredentialProblem) -> Kubeconfig {
    let existing = candidatePaths.filter { FileManager.default.fileExists(atPath: $0) }
    guard !existing.isEmpty else {
      throw .noKubeconfig(searched: candidatePaths, fromEnvironment: usesEnvironmentList)
    }
    var merged: Kubeconfig?
    for path in existing {
      let text: String
      do {
        text = try String(contentsOfFile: path, encoding: .utf8)
      } catch {
        throw .invalidKubeconfig(path: path, reason: "cannot be read")
      }
      let config = try Kubeconfig.parse(yaml: text, path: path)
      merged = merged.map { $0.merged(with: config) } ?? config
    }
    return merged ?? Kubeconfig()
  }
}
