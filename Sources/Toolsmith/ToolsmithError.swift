import Sandbox

/// Why the toolsmith could not render or validate a tool (not a finding about
/// the code: those are in `ValidationReport`).
public enum ToolsmithError: Error, Sendable, CustomStringConvertible {
  /// The entry names a template or version that is not vetted here.
  case unknownTemplate(TemplateReference)
  /// The entry lacks something its template needs, such as a binary.
  case missingParameter(template: String, parameter: String)
  /// A value cannot be embedded safely in the generated code.
  case unsafeParameter(parameter: String, reason: String)
  /// The validation sandbox's profile could not be loaded.
  case profile(ProfileError)
  /// The validation sandbox could not be started (the code never ran).
  case sandbox(SandboxError)
  /// The sandboxed checker did not print its report (an infrastructure fault, not a finding).
  case checkerFailed(String)
  /// The scratch directory for a dry run could not be prepared.
  case scratch(path: String, reason: String)

  public var description: String {
    switch self {
    case .unknownTemplate(let reference):
      return
        "no vetted template \(reference.name) \(reference.version) in this build; update meta-agent or fix the catalog entry"
    case .missingParameter(let template, let parameter):
      return
        "the \(template) template needs \(parameter), and the catalog entry has none; add it to the entry"
    case .unsafeParameter(let parameter, let reason):
      return
        "\(parameter) cannot be embedded in generated code: \(reason); change the value in the catalog entry"
    case .profile(let error): return "validation sandbox profile: \(error)"
    case .sandbox(let error): return "validation sandbox: \(error)"
    case .checkerFailed(let detail):
      return
        "the policy checker failed: \(detail); run `meta-agent doctor` to check python3 and the sandbox"
    case .scratch(let path, let reason):
      return "cannot prepare \(path): \(reason); check that the temporary directory is writable"
    }
  }
}
