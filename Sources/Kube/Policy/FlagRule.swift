/// What the policy says about one parsed flag of an allowed verb.
enum FlagRule {
  private static let credentialNames = Set(KubectlFlags.credential.map(\.name))
  private static let hostFileNames =
    Set(KubectlFlags.hostFile.map(\.name)).union(["filename", "kustomize"])
  private static let streamingNames: Set<String> = ["watch", "watch-only", "follow"]

  /// The reason `flag` is refused for `verb`, or nil when it may pass.
  static func check(_ flag: KubectlFlag, verb: KubectlVerb) -> PolicyRefusal.Reason? {
    let written = "--\(flag.name)"
    if credentialNames.contains(flag.name) || flag.name == "insecure-skip-tls-verify-backend" {
      return .credentialFlag(written)
    }
    if hostFileNames.contains(flag.name) { return .hostFileFlag(written) }
    if streamingNames.contains(flag.name) { return flag.isOn ? .streaming(written) : nil }
    switch flag.name {
    case "template": return .outputTemplate(written)
    case "output": return OutputFormatRule.check(flag.value ?? "")
    case "raw":
      let path = flag.value ?? ""
      return RawPathAllowList.allows(path) ? nil : .rawPath(path)
    case "subresource" where verb == .get:
      let name = flag.value ?? ""
      return ["status", "scale"].contains(name) ? nil : .subresource(name)
    default: return nil
    }
  }
}
