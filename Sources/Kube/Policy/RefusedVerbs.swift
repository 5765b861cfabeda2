/// Why a built-in kubectl command is not on the read-only allow-list.
public enum RefusedVerbCategory: Sendable, Equatable {
  /// It creates, changes or deletes objects.
  case changesCluster
  /// It runs something in a container or opens a network path into the cluster.
  case reachesIntoWorkloads
  /// It reads or edits kubeconfig files, which hold credentials.
  case touchesCredentials
  /// It reads manifests from host files or URLs, or runs a host program.
  case readsHostFiles
  /// It blocks until something happens instead of answering once.
  case blocks
  /// It dumps the whole cluster at once and can write it to host files.
  case dumpsEverything
  /// It does nothing a diagnosis needs, so it is left out.
  case notNeeded

  /// Why, in words an operator reads after "refused kubectl X:".
  var why: String {
    switch self {
    case .changesCluster: "it changes the cluster"
    case .reachesIntoWorkloads:
      "it runs inside a container or opens a network path into the cluster"
    case .touchesCredentials: "it reads or edits kubeconfig files, which hold credentials"
    case .readsHostFiles: "it reads manifests from host files or URLs or runs a host program"
    case .blocks: "it blocks until a condition holds; a tool call answers once (use get)"
    case .dumpsEverything:
      "it dumps every object and log at once and can write them to host files "
        + "(use get, describe, logs and events on what matters)"
    case .notNeeded: "it is not on the read-only allow-list"
    }
  }
}

/// kubectl's built-in commands that the policy refuses, by category; a verb
/// that is neither allowed nor here is a plugin.
enum RefusedVerbs {
  static func category(of word: String) -> RefusedVerbCategory? {
    table[word]
  }

  private static let table: [String: RefusedVerbCategory] = {
    var table: [String: RefusedVerbCategory] = [:]
    let groups: [(RefusedVerbCategory, [String])] = [
      (
        .changesCluster,
        [
          "create", "apply", "delete", "edit", "patch", "replace", "scale", "autoscale",
          "rollout", "set", "label", "annotate", "taint", "cordon", "uncordon", "drain",
          "expose", "run", "certificate",
        ]
      ),
      (.reachesIntoWorkloads, ["exec", "attach", "port-forward", "proxy", "cp", "debug"]),
      (.touchesCredentials, ["config", "kuberc"]),
      (.readsHostFiles, ["kustomize", "diff", "plugin"]),
      (.blocks, ["wait"]),
      (.notNeeded, ["alpha", "completion", "options", "help", "auth"]),
    ]
    for (category, verbs) in groups {
      for verb in verbs { table[verb] = category }
    }
    return table
  }()
}
