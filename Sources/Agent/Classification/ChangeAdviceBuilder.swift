/// Builds the commands an operator could run for the changes a request asks for, from the
/// targets it names; anything it does not name becomes a `<PLACEHOLDER>`.
struct ChangeAdviceBuilder: Sendable {
  var tokens: TokenizedRequest
  var targets: TargetReading

  /// One or more commands per change, in request order, without repeats.
  func commands(for changes: [ChangeVerbMatch]) -> [String] {
    var commands: [String] = []
    for change in changes {
      for command in self.commands(for: change) where !commands.contains(command) {
        commands.append(command)
      }
    }
    return commands
  }

  // MARK: one change

  private func commands(for change: ChangeVerbMatch) -> [String] {
    let at = change.range.lowerBound
    switch change.action {
    case .restart:
      let object = self.object(
        after: at,
        kinds: [
          "pod", "node", "deployment", "statefulset",
          "daemonset", "service",
        ], defaultKind: "deployment")
      switch object.kind {
      case "pod" where object.named: return ["kubectl delete pod \(object.name)\(flag(object))"]
      case "node":
        return [
          "kubectl drain \(object.name) --ignore-daemonsets --delete-emptydir-data",
          "kubectl uncordon \(object.name)",
        ]
      default: return ["kubectl rollout restart \(workload(object).reference)\(flag(object))"]
      }
    case .rolloutUndo:
      let object = workload(
        self.object(
          after: at, kinds: ["deployment", "statefulset", "daemonset"], defaultKind: "deployment"))
      return ["kubectl rollout undo \(object.reference)\(flag(object))"]
    case .scale, .stop:
      return [scaleCommand(at: at, replicas: change.action == .stop ? "0" : replicas())]
    case .autoscale:
      let object = workload(
        self.object(
          after: at, kinds: ["deployment", "statefulset", "replicaset"], defaultKind: "deployment"))
      return ["kubectl autoscale \(object.reference) --min=<MIN> --max=<MAX>\(flag(object))"]
    case .delete: return [deleteCommand(at: at)]
    case .uninstall:
      let release = object(after: at, kinds: [])
      return ["helm uninstall \(release.named ? release.name : "<RELEASE>")\(namespaceFlag)"]
    case .apply: return ["kubectl apply -f \(manifest ?? "<MANIFEST>")\(namespaceFlag)"]
    case .create:
      if mentions("namespace", after: at) {
        return ["kubectl create namespace \(targets.targets.namespace ?? "<NAME>")"]
      }
      return ["kubectl create -f \(manifest ?? "<MANIFEST>")\(namespaceFlag)"]
    case .deploy, .install: return [installCommand(at: at)]
    case .redeploy:
      let object = self.object(
        after: at, kinds: ["deployment", "statefulset", "daemonset"], defaultKind: "deployment")
      guard object.named else { return [installCommand(at: at)] }
      return ["kubectl rollout restart \(workload(object).reference)\(flag(object))"]
    case .upgrade:
      if mentionsHelm { return [installCommand(at: at)] }
      return [setImageCommand(at: at)]
    case .patch:
      let object = self.object(after: at, kinds: [], defaultKind: "deployment")
      return ["kubectl patch \(object.reference)\(flag(object)) --patch '<PATCH>'"]
    case .edit, .set:
      if mentionsReplicas { return [scaleCommand(at: at, replicas: replicas())] }
      if change.action == .set, let what = tokens.norm(change.range.upperBound),
        what == "env" || what == "resources"
      {
        let object = self.object(after: at, kinds: [], defaultKind: "deployment")
        let setting = what == "env" ? keyValue ?? "<KEY>=<VALUE>" : "--limits=<LIMITS>"
        return ["kubectl set \(what) \(object.reference) \(setting)\(flag(object))"]
      }
      if mentions("namespace", after: at), targets.resources.allSatisfy({ $0.index < at }) {
        return ["kubectl edit namespace \(targets.targets.namespace ?? "<NAMESPACE>")"]
      }
      let object = self.object(after: at, kinds: [], defaultKind: "deployment")
      return ["kubectl edit \(object.reference)\(flag(object))"]
    case .setImage: return [setImageCommand(at: at)]
    case .exec:
      let object = self.object(after: at, kinds: [], defaultKind: "pod", placeholder: "<POD>")
      return ["kubectl exec -it \(podReference(object))\(flag(object)) -- <COMMAND>"]
    case .attach:
      let object = self.object(after: at, kinds: [], defaultKind: "pod", placeholder: "<POD>")
      return ["kubectl attach -it \(podReference(object))\(flag(object))"]
    case .portForward:
      let object = self.object(after: at, kinds: [], defaultKind: "pod", placeholder: "<POD>")
      return ["kubectl port-forward \(object.reference) <LOCAL_PORT>:<REMOTE_PORT>\(flag(object))"]
    case .cordon, .uncordon:
      return ["kubectl \(change.action.rawValue) \(node(after: at))"]
    case .drain:
      return ["kubectl drain \(node(after: at)) --ignore-daemonsets --delete-emptydir-data"]
    case .taint:
      return ["kubectl taint nodes \(node(after: at)) \(keyValue ?? "<KEY>=<VALUE>"):NoSchedule"]
    case .untaint:
      return ["kubectl taint nodes \(node(after: at)) <KEY>:NoSchedule-"]
    case .label, .annotate:
      let object = self.object(after: at, kinds: [], defaultKind: "pod")
      let verb = change.action.rawValue
      return [
        "kubectl \(verb) \(object.kind) \(object.name) \(keyValue ?? "<KEY>=<VALUE>")\(flag(object))"
      ]
    case .expose:
      let object = self.object(after: at, kinds: [], defaultKind: "deployment")
      return ["kubectl expose \(object.kind) \(object.name) --port=<PORT>\(flag(object))"]
    case .fix:
      let object = self.object(after: at, kinds: [], defaultKind: "deployment")
      guard object.named else { return ["kubectl apply -f <FIXED_MANIFEST>\(namespaceFlag)"] }
      return ["kubectl edit \(object.reference)\(flag(object))"]
    }
  }

  private func scaleCommand(at: Int, replicas: String) -> String {
    let object = workload(
      object(
        after: at, kinds: ["deployment", "statefulset", "replicaset"], defaultKind: "deployment"))
    return "kubectl scale \(object.reference) --replicas=\(replicas)\(flag(object))"
  }

  private func deleteCommand(at: Int) -> String {
    if mentions("namespace", after: at), targets.resources.allSatisfy({ $0.index < at }) {
      return "kubectl delete namespace \(targets.targets.namespace ?? "<NAMESPACE>")"
    }
    if targets.resources.isEmpty, let path = hostPath {
      return "rm -i \(path)"
    }
    let object = self.object(after: at, kinds: [], placeholder: "<NAME>")
    return "kubectl delete \(object.kind) \(object.name)\(flag(object))"
  }

  private func installCommand(at: Int) -> String {
    if mentionsHelm {
      let release = object(after: at, kinds: [])
      return "helm upgrade --install \(release.named ? release.name : "<RELEASE>") <CHART>"
        + namespaceFlag
    }
    return "kubectl apply -f \(manifest ?? "<MANIFEST>")\(namespaceFlag)"
  }

  private func setImageCommand(at: Int) -> String {
    let object = workload(
      object(
        after: at, kinds: ["deployment", "statefulset", "daemonset"], defaultKind: "deployment"))
    let image: String
    if let pair = tokens.tokens.first(where: { Self.isContainerImagePair($0.written) }) {
      image = pair.written
    } else if let bare = tokens.tokens.first(where: { Self.isImage($0.written) }) {
      image = "<CONTAINER>=\(bare.written)"
    } else {
      image = "<CONTAINER>=<IMAGE>"
    }
    return "kubectl set image \(object.reference) \(image)\(flag(object))"
  }

  // MARK: the object a change is about

  /// The object a change acts on: its kind, its name (or a placeholder), and whether the
  /// request named it.
  struct Object {
    var kind: String
    var name: String
    var named: Bool
    var reference: String { "\(kind)/\(name)" }
  }

  /// The first named object after the verb (else anywhere) whose kind is in `kinds` (any kind
  /// when empty); else a bare name right after the verb ("scale web to 3"); else a placeholder.
  private func object(
    after at: Int, kinds: Set<String>, defaultKind: String? = nil, placeholder: String = "<NAME>"
  ) -> Object {
    let fits = { (kind: String) in kinds.isEmpty || kinds.contains(kind) }
    let candidates = targets.resources.filter { fits($0.resource.kind) }
    if let found = candidates.first(where: { $0.index >= at }) ?? candidates.first {
      return Object(kind: found.resource.kind, name: found.resource.name, named: true)
    }
    let mentioned = targets.kinds.filter { fits($0.kind) && $0.kind != "namespace" }
    let kind =
      (mentioned.first(where: { $0.index >= at }) ?? mentioned.first)?.kind ?? defaultKind
      ?? "<KIND>"
    if let bare = bareName(after: at) {
      return Object(kind: kind, name: bare, named: true)
    }
    return Object(kind: kind, name: placeholder, named: false)
  }

  /// "scale payment-service to 3": a name right after the verb (and an optional "the").
  private func bareName(after at: Int) -> String? {
    var index = at + 1
    while let word = tokens.norm(index), !tokens[index - 1].endsClause {
      if word == "the" || word == "up" || word == "down" || word == "out" || word == "image" {
        index += 1
        continue
      }
      return KubernetesName.isCandidate(word) ? word : nil
    }
    return nil
  }

  /// A restart or rollback acts on a workload: a service or pod stands for its deployment.
  private func workload(_ object: Object) -> Object {
    var object = object
    if !["deployment", "statefulset", "daemonset", "replicaset"].contains(object.kind) {
      object.kind = "deployment"
    }
    return object
  }

  private func podReference(_ object: Object) -> String {
    object.kind == "pod" ? object.name : object.reference
  }

  private func node(after at: Int) -> String {
    let object = self.object(after: at, kinds: ["node"], defaultKind: "node", placeholder: "<NODE>")
    return object.name
  }

  private func mentions(_ kind: String, after at: Int) -> Bool {
    targets.kinds.contains { $0.kind == kind && $0.index > at }
  }

  // MARK: flags and values

  /// ` -n NS`, with `<NAMESPACE>` when the request names none; nothing for cluster-scoped kinds.
  private func flag(_ object: Object) -> String {
    ClassifierVocabulary.clusterScopedKinds.contains(object.kind) ? "" : namespaceFlag
  }

  private var namespaceFlag: String { " -n \(targets.targets.namespace ?? "<NAMESPACE>")" }

  private var mentionsHelm: Bool { tokens.tokens.contains { $0.norm == "helm" } }

  private var mentionsReplicas: Bool {
    tokens.tokens.contains { $0.norm.hasPrefix("replica") || $0.norm.hasPrefix("--replicas") }
  }

  /// "--replicas=5", "to 5", "5 replicas", else `<REPLICAS>`.
  private func replicas() -> String {
    let words = tokens.tokens.map(\.norm)
    for (index, word) in words.enumerated() {
      for prefix in ["--replicas=", "replicas="] where word.hasPrefix(prefix) {
        let value = String(word.dropFirst(prefix.count))
        if Self.isCount(value) { return value }
      }
      if word == "to", index + 1 < words.count, Self.isCount(words[index + 1]) {
        return words[index + 1]
      }
      if Self.isCount(word), index + 1 < words.count,
        ["replicas", "replica", "pods", "instances", "copies"].contains(words[index + 1])
      {
        return word
      }
    }
    return "<REPLICAS>"
  }

  private static func isCount(_ text: String) -> Bool {
    !text.isEmpty && text.count <= 5 && text.allSatisfy { $0.isASCII && $0.isNumber }
  }

  /// A manifest file named in the request (`app.yaml`, `k8s/deploy.json`).
  private var manifest: String? {
    tokens.tokens.map(\.written).first { word in
      [".yaml", ".yml", ".json"].contains { word.lowercased().hasSuffix($0) }
        && Self.isPlainPath(word)
    }
  }

  /// An absolute host path named in the request.
  private var hostPath: String? {
    tokens.tokens.map(\.written).first { $0.hasPrefix("/") && Self.isPlainPath($0) }
  }

  /// `key=value` for label, annotate, taint and set env.
  private var keyValue: String? {
    tokens.tokens.map(\.written).first { word in
      let parts = word.split(separator: "=", omittingEmptySubsequences: false)
      return parts.count == 2 && !word.hasPrefix("-") && !parts[0].isEmpty
        && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=".contains($0)) }
    }
  }

  /// Characters a shell takes literally, so the command needs no quoting.
  private static func isPlainPath(_ word: String) -> Bool {
    !word.isEmpty && !word.contains("..")
      && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./".contains($0)) }
  }

  /// `nginx:1.27`, `registry.example.com/team/app:v2`.
  private static func isImage(_ word: String) -> Bool {
    let parts = word.split(separator: ":")
    return parts.count == 2 && !word.contains("://") && parts[0].first?.isLetter == true
      && word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./:".contains($0)) }
  }

  /// `web=nginx:1.27`.
  private static func isContainerImagePair(_ word: String) -> Bool {
    let parts = word.split(separator: "=")
    return parts.count == 2 && KubernetesName.isLabel(String(parts[0]))
      && isImage(String(parts[1]))
  }
}
