/// What a person asked for and where: everything a resumed run needs to go on
/// exactly as it started, whatever terminal or directory it resumes from.
public struct RunRequest: Codable, Sendable, Equatable {
  public var request: String
  /// `-n`; nil with `allNamespaces` false means the namespace the request names,
  /// else the kubeconfig context's default.
  public var namespace: String?
  /// `-A`
  public var allNamespaces: Bool
  /// `--context`: the kubeconfig context; nil is the current one.
  public var context: String?
  /// The KUBECONFIG the run started with (a path or `:` list); nil means ~/.kube/config.
  public var kubeconfig: String?

  public init(
    request: String, namespace: String? = nil, allNamespaces: Bool = false,
    context: String? = nil, kubeconfig: String? = nil
  ) {
    self.request = request
    self.namespace = namespace
    self.allNamespaces = allNamespaces
    self.context = context
    self.kubeconfig = kubeconfig
  }
}
