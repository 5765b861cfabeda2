/// The profiles that ship with meta-agent, as YAML text. `meta-agent init`
/// copies them into a workspace's sandbox-profiles/, where people edit them.
/// The same files live at the repository's top-level sandbox-profiles/; a test
/// keeps the two identical.
public enum ShippedProfiles {
  /// File name (without .yaml) to YAML text.
  public static let all: [String: String] = [:]
}
