/// The capabilities the agent knows how to build, in the order detection reports them.
public struct CapabilityCatalog: Sendable, Equatable {
  public var entries: [CapabilityEntry]

  public init(entries: [CapabilityEntry]) {
    self.entries = entries
  }

  public func entry(named name: String) -> CapabilityEntry? {
    entries.first { $0.name == name }
  }

  /// What ships: kubectl for clusters, and a log-file reader over allowed directories.
  public static let standard = CapabilityCatalog(entries: [
    KubectlCapability.entry, LogfileCapability.entry,
  ])
}

/// Read-only Kubernetes diagnosis through the user's own kubectl.
public enum KubectlCapability {
  /// A namespace or container name: a DNS label, so it can never start with `-` and become a flag.
  static let labelPattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
  /// A pod name: a DNS subdomain.
  static let podPattern = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$"

  static let namespace = PropertySchema.string(
    "Namespace; the kubeconfig's current namespace when omitted.", pattern: labelPattern,
    maxLength: 63)
  static let allNamespaces = PropertySchema.boolean("Look in every namespace.")
  static let pod = PropertySchema.string("Pod name.", pattern: podPattern, maxLength: 253)
  /// A page of a list: at most this many objects, and a continue token for the rest.
  static let limit = PropertySchema.integer(
    "Answer one page of at most this many objects, with a continue token for the next (needs namespace or all_namespaces).",
    minimum: 1, maximum: 5000)
  /// The API server's continue token: URL-safe base64 (replay's are `replay-offset-N`).
  static let continueToken = PropertySchema.string(
    "The continue token of the previous page.", pattern: "^[A-Za-z0-9_.=-]+$", maxLength: 8192)

  /// The function that reads other resources, by kind.
  public static let getResources = "kubectl_get_resources"

  /// What `kubectl_get_resources` reads: workloads, scheduling and storage state, and
  /// services. Never secrets (nor anything holding credentials); the gateway refuses
  /// them too. ConfigMaps are listed, but the gateway serves them only when its policy
  /// opts in (they often hold passwords in practice).
  public static let resourceKinds = [
    "deployments", "replicasets", "statefulsets", "daemonsets", "jobs", "nodes",
    "persistentvolumeclaims", "storageclasses", "services", "configmaps", "namespaces",
  ]

  public static let entry = CapabilityEntry(
    name: "kubectl",
    summary:
      "Read-only Kubernetes diagnosis: pods, logs, descriptions, events and workload objects.",
    triggers: [
      "kubernetes", "k8s", "kubectl", "eks", "gke", "aks", "cluster", "pod", "deployment",
      "namespace", "node", "replicaset", "daemonset", "statefulset", "container",
      "crashloopbackoff", "oomkilled",
    ].map { TriggerWord($0) }
      + [
        "crash", "log", "restart", "event", "diagnose", "image", "service",
      ].map { TriggerWord($0, .supporting) },
    binary: "/usr/bin/kubectl",
    authKind: .kubernetes,
    functions: [
      ToolFunction(
        name: "kubectl_get_pods",
        description:
          "List pods with phase, readiness, restarts and container states, whole or a page at a time.",
        inputSchema: ArgumentSchema(properties: [
          "namespace": namespace, "all_namespaces": allNamespaces, "limit": limit,
          "continue": continueToken,
        ])),
      ToolFunction(
        name: "kubectl_get_logs",
        description: "Read a pod's container logs (the last lines; optionally the previous run).",
        inputSchema: ArgumentSchema(
          properties: [
            "pod": pod, "namespace": namespace,
            "container": .string(
              "Container name; needed when the pod has more than one.", pattern: labelPattern,
              maxLength: 63),
            "tail": .integer("How many of the last lines to return.", minimum: 1, maximum: 10000),
            "previous": .boolean("Read the previous (crashed) run of the container."),
          ],
          required: ["pod"])),
      ToolFunction(
        name: "kubectl_describe_pod",
        description: "Describe one pod: conditions, container states, recent events.",
        inputSchema: ArgumentSchema(
          properties: ["pod": pod, "namespace": namespace], required: ["pod"])),
      ToolFunction(
        name: "kubectl_get_events",
        description:
          "List events, optionally only those about one pod, with the raw event objects; whole or a page at a time.",
        inputSchema: ArgumentSchema(properties: [
          "namespace": namespace, "all_namespaces": allNamespaces, "pod": pod, "limit": limit,
          "continue": continueToken,
        ])),
      ToolFunction(
        name: getResources,
        description:
          "List objects of one kind (workloads, nodes, storage, services) as raw objects.",
        inputSchema: ArgumentSchema(
          properties: [
            "kind": .oneOf("The kind of object, plural.", resourceKinds),
            "namespace": namespace, "all_namespaces": allNamespaces,
          ],
          required: ["kind"])),
    ],
    sandboxProfile: "kubectl-mcp-tool",
    template: TemplateReference(name: "kubectl", version: "1.2.0"),
    timeoutSeconds: 30,
    // kubectl prints about 12 KB of indented JSON a pod: room for ~5,000 pods in one
    // whole-list call; bigger scopes are read a page at a time (`limit`).
    maxOutputBytes: 64 << 20)
}

/// Read-only access to log files under an allow-list of directories.
public enum LogfileCapability {
  public static let entry = CapabilityEntry(
    name: "logfile",
    summary: "List and tail log files under allowed directories; nothing else is readable.",
    triggers: [
      TriggerWord("log file"), TriggerWord("logfile"), TriggerWord("syslog"),
      TriggerWord("var log"), TriggerWord("access log"), TriggerWord("error log"),
      TriggerWord("tail", .supporting), TriggerWord("log", .supporting),
      TriggerWord("line", .supporting),
    ],
    binary: nil,
    authKind: .none,
    functions: [
      ToolFunction(
        name: "logfile_list",
        description: "List the files in an allowed log directory with their sizes.",
        inputSchema: ArgumentSchema(properties: [
          "directory": .string(
            "An allowed directory or a directory below it; all of them when omitted.",
            maxLength: 4096)
        ])),
      ToolFunction(
        name: "logfile_tail",
        description: "Return the last lines of a log file under an allowed directory.",
        inputSchema: ArgumentSchema(
          properties: [
            "path": .string(
              "The file: absolute, or relative to the first allowed directory.", maxLength: 4096),
            "lines": .integer("How many of the last lines to return.", minimum: 1, maximum: 5000),
          ],
          required: ["path"])),
    ],
    sandboxProfile: "python-mcp-tool",
    template: TemplateReference(name: "logfile", version: "1.0.0"),
    maxOutputBytes: 1 << 20,
    allowedDirectories: ["/var/log"])
}
