/// What meta-agent knows about one kubectl flag: its spellings and whether it takes a value.
struct KubectlFlagSpec: Sendable {
  let name: String
  let short: Character?
  let takesValue: Bool

  /// A flag followed by a value (`--output json`, `-o json`, `--output=json`).
  static func value(_ name: String, _ short: Character? = nil) -> KubectlFlagSpec {
    KubectlFlagSpec(name: name, short: short, takesValue: true)
  }

  /// A boolean flag (`--watch`, `-w`, `--watch=false`); it never takes the next argument.
  static func bool(_ name: String, _ short: Character? = nil) -> KubectlFlagSpec {
    KubectlFlagSpec(name: name, short: short, takesValue: false)
  }
}

/// The flags a parse may meet at one point of the command line.
struct KubectlFlagTable: Sendable {
  let specs: [KubectlFlagSpec]

  func spec(long name: String) -> KubectlFlagSpec? { specs.first { $0.name == name } }
  func spec(short letter: Character) -> KubectlFlagSpec? { specs.first { $0.short == letter } }

  func adding(_ more: [KubectlFlagSpec]) -> KubectlFlagTable {
    KubectlFlagTable(specs: specs + more)
  }
}

/// kubectl's flags, sorted by what the policy does with them. Flags outside these
/// tables are refused: a flag the policy cannot read could hide a value or a write.
enum KubectlFlags {
  /// Global flags that choose credentials, an identity or the API server; the
  /// gateway holds the only credentials a tool may use.
  static let credential: [KubectlFlagSpec] = [
    .value("kubeconfig"), .value("token"), .value("server", "s"), .value("as"),
    .value("as-group"), .value("as-uid"), .value("username"), .value("password"),
    .value("client-key"), .value("client-certificate"), .value("certificate-authority"),
    .value("cluster"), .value("user"), .value("tls-server-name"),
    .bool("insecure-skip-tls-verify"),
  ]

  /// Global flags a read may use.
  static let global: [KubectlFlagSpec] = [
    .value("namespace", "n"), .value("context"), .value("request-timeout"),
    .bool("match-server-version"), .bool("warnings-as-errors"), .bool("disable-compression"),
  ]

  /// Flags that make kubectl read or write files on the host, or fetch URLs.
  static let hostFile: [KubectlFlagSpec] = [
    .value("cache-dir"), .value("profile-output"), .value("log-file"), .value("log-dir"),
  ]

  /// Every verb's own flags; refused ones are listed so the refusal can say why.
  static func local(for verb: KubectlVerb) -> [KubectlFlagSpec] {
    switch verb {
    case .get:
      [
        .value("output", "o"), .value("selector", "l"), .value("field-selector"),
        .value("label-columns", "L"), .value("sort-by"), .value("chunk-size"), .value("raw"),
        .value("subresource"), .value("template"), .value("filename", "f"),
        .value("kustomize", "k"), .bool("watch", "w"), .bool("watch-only"),
        .bool("output-watch-events"), .bool("all-namespaces", "A"), .bool("show-labels"),
        .bool("show-kind"), .bool("no-headers"), .bool("ignore-not-found"),
        .bool("recursive", "R"), .bool("allow-missing-template-keys"), .bool("server-print"),
        .bool("show-managed-fields"),
      ]
    case .describe:
      [
        .value("selector", "l"), .value("chunk-size"), .value("filename", "f"),
        .value("kustomize", "k"), .bool("all-namespaces", "A"), .bool("show-events"),
        .bool("recursive", "R"),
      ]
    case .logs:
      [
        .value("container", "c"), .value("since"), .value("since-time"), .value("tail"),
        .value("selector", "l"), .value("limit-bytes"), .value("max-log-requests"),
        .value("pod-running-timeout"), .bool("follow", "f"), .bool("previous", "p"),
        .bool("timestamps"), .bool("all-containers"), .bool("all-pods"), .bool("prefix"),
        .bool("ignore-errors"), .bool("insecure-skip-tls-verify-backend"),
      ]
    case .top:
      [
        .value("selector", "l"), .value("field-selector"), .value("sort-by"),
        .bool("containers"), .bool("no-headers"), .bool("use-protocol-buffers"), .bool("sum"),
        .bool("all-namespaces", "A"), .bool("show-capacity"),
      ]
    case .events:
      [
        .value("for"), .value("types"), .value("output", "o"), .value("chunk-size"),
        .value("template"), .bool("watch", "w"), .bool("all-namespaces", "A"),
        .bool("no-headers"), .bool("allow-missing-template-keys"),
      ]
    case .explain:
      [.value("api-version"), .value("output", "o"), .bool("recursive")]
    case .apiResources:
      [
        .value("api-group"), .value("output", "o"), .value("sort-by"), .value("verbs"),
        .value("categories"), .bool("namespaced"), .bool("cached"), .bool("no-headers"),
      ]
    case .apiVersions, .clusterInfo:
      []
    case .version:
      [.value("output", "o"), .bool("client")]
    case .authCanI:
      [
        .value("subresource"), .bool("all-namespaces", "A"), .bool("list"),
        .bool("no-headers"), .bool("quiet", "q"),
      ]
    }
  }
}
