import Foundation

/// Records a live cluster into the capture format with read-only kubectl
/// calls: one `get -o json` per resource type, the server version, and the
/// current and previous log of every container.
public struct ClusterCapture: Sendable {
  /// Which namespaces to read.
  public enum Scope: Sendable, Equatable {
    case currentNamespace
    case namespace(String)
    case allNamespaces

    var arguments: [String] {
      switch self {
      case .currentNamespace: return []
      case .namespace(let name): return ["--namespace", name]
      case .allNamespaces: return ["--all-namespaces"]
      }
    }
  }

  /// What a capture wrote, and what it had to skip.
  public struct Summary: Sendable {
    public var objects = 0
    public var logs = 0
    public var warnings: [String] = []
  }

  /// Namespaced types captured; secrets are deliberately absent.
  public static let namespacedResources = [
    "pods", "deployments.apps", "replicasets.apps", "statefulsets.apps", "daemonsets.apps",
    "jobs.batch", "cronjobs.batch", "services", "configmaps", "persistentvolumeclaims", "events",
  ]
  /// Cluster-scoped types captured.
  public static let clusterResources = [
    "nodes", "namespaces", "persistentvolumes", "storageclasses.storage.k8s.io",
  ]

  let runner: KubectlRunner
  let scope: Scope
  let tailLines: Int

  /// `environment` nil runs kubectl with this process's environment (the usual case).
  public init(
    kubectl: URL, context: String?, scope: Scope, tailLines: Int = 2_000,
    environment: [String: String]? = nil
  ) {
    runner = KubectlRunner(
      executable: kubectl,
      commonArguments: ["--request-timeout=30s"] + (context.map { ["--context", $0] } ?? []),
      environment: environment)
    self.scope = scope
    self.tailLines = tailLines
  }

  /// Writes the capture into `directory`, creating it; pods must be readable, other types may fail.
  public func write(to directory: URL) throws -> Summary {
    var summary = Summary()
    try makeDirectory(directory)
    let pods = try runner.run(["get", "pods", "-o", "json"] + scope.arguments)
    guard pods.status == 0 else { throw CaptureError.clusterUnreachable(message: pods.reason) }

    for resource in Self.namespacedResources + Self.clusterResources {
      let isNamespaced = Self.namespacedResources.contains(resource)
      let output =
        resource == "pods"
        ? pods
        : try runner.run(["get", resource, "-o", "json"] + (isNamespaced ? scope.arguments : []))
      guard output.status == 0 else {
        summary.warnings.append("skipped \(resource): \(output.reason)")
        continue
      }
      let name = resource.split(separator: ".").first.map(String.init) ?? resource
      let file = directory.appendingPathComponent("\(name).json")
      try save(output.stdout, to: file)
      summary.objects +=
        (try? CaptureDirectory.readObjects(file, shown: file.lastPathComponent))?
        .count ?? 0
    }

    let version = try runner.run(["version", "-o", "json"])
    if version.status == 0 {
      try save(version.stdout, to: directory.appendingPathComponent(CaptureDirectory.versionFile))
    } else {
      summary.warnings.append("no server version: \(version.reason)")
    }

    let podList = (try? JSONValue.parse(json: pods.stdout))?["items"]?.arrayValue ?? []
    for pod in podList {
      summary.logs += try captureLogs(of: pod, into: directory)
    }
    return summary
  }

  /// Saves each container's log, and its previous log when it has restarted.
  private func captureLogs(of pod: JSONValue, into directory: URL) throws -> Int {
    guard let namespace = pod.string(at: "metadata.namespace"),
      let name = pod.string(at: "metadata.name")
    else { return 0 }
    let statuses =
      (pod.value(at: "status.initContainerStatuses")?.arrayValue ?? [])
      + (pod.value(at: "status.containerStatuses")?.arrayValue ?? [])
    let folder = directory.appendingPathComponent(CaptureDirectory.logsFolder)
      .appendingPathComponent(namespace).appendingPathComponent(name)
    var written = 0
    for container in PodLogs.containerNames(pod) {
      let status = statuses.first { $0.string(at: "name") == container }
      let restarted =
        (status?.integer(at: "restartCount") ?? 0) > 0
        || status?.value(at: "lastState.terminated") != nil
      for previous in restarted ? [false, true] : [false] {
        var arguments = [
          "logs", name, "--namespace", namespace, "--container", container, "--tail",
          String(tailLines),
        ]
        if previous { arguments.append("--previous") }
        let output = try runner.run(arguments)
        guard output.status == 0 else { continue }
        try makeDirectory(folder)
        let file = folder.appendingPathComponent(
          previous ? "\(container).previous.log" : "\(container).log")
        try save(output.stdout, to: file)
        written += 1
      }
    }
    return written
  }

  private func makeDirectory(_ directory: URL) throws {
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    } catch {
      throw CaptureError.cannotWrite(path: directory.path, reason: error.localizedDescription)
    }
  }

  private func save(_ data: Data, to file: URL) throws {
    do {
      try data.write(to: file, options: .atomic)
    } catch {
      throw CaptureError.cannotWrite(path: file.path, reason: error.localizedDescription)
    }
  }
}
