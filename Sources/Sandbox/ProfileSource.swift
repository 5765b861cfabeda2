import Foundation

/// Finds the profile a person named on the command line: a file path, a
/// profile in the workspace, or one of the shipped profiles.
public enum ProfileSource {
  /// Loads the profile `nameOrPath` names and lints it; a profile with load or
  /// lint errors is refused, so nothing runs under it.
  ///
  /// A path (containing `/` or ending in `.yaml`) is read from that file. A bare
  /// name is `<workspace>/sandbox-profiles/<name>.yaml` when a workspace is
  /// given, else the shipped profile of that name.
  /// - Returns: the profile and where it came from (a file path or `shipped:NAME`).
  public static func resolve(
    _ nameOrPath: String, workspace: String?
  ) throws(ProfileError) -> (profile: SandboxProfile, origin: String) {
    let loaded = try locate(nameOrPath, workspace: workspace)
    let issues = ProfileLinter.issues(in: loaded)
    if let firstLoadError = loaded.errors.first { throw firstLoadError }
    let errors = issues.filter { $0.severity == .error }
    if let first = errors.first {
      let more = errors.count > 1 ? " (and \(errors.count - 1) more)" : ""
      throw ProfileError(
        .refusedByLint, file: first.file, line: first.line, field: first.field,
        message: first.message + more,
        fix: "\(first.fix); `meta-agent profile lint \(loaded.file)` lists every problem")
    }
    guard let profile = loaded.profile else {
      throw ProfileError(
        .malformedYAML, file: loaded.file, line: nil, field: "", message: "no profile",
        fix: "write a profile as docs/profiles.md shows")
    }
    return (profile, loaded.file)
  }

  /// Reads the profile `nameOrPath` names without linting it; its `file` is the origin.
  public static func locate(
    _ nameOrPath: String, workspace: String?
  ) throws(ProfileError) -> LoadedProfile {
    if isPath(nameOrPath) { return ProfileLoader.read(file: nameOrPath) }
    if let workspace {
      let directory = workspace + "/sandbox-profiles"
      let file = "\(directory)/\(nameOrPath).yaml"
      if FileManager.default.fileExists(atPath: file) { return ProfileLoader.read(file: file) }
      throw unknownName(nameOrPath, available: workspaceNames(in: directory), place: directory)
    }
    guard let text = ShippedProfiles.all[nameOrPath] else {
      throw unknownName(
        nameOrPath, available: ShippedProfiles.all.keys.sorted(), place: "the shipped profiles")
    }
    return ProfileLoader.read(yaml: text, file: "shipped:\(nameOrPath)", expectedName: nameOrPath)
  }

  /// Whether the argument names a file rather than a profile.
  public static func isPath(_ nameOrPath: String) -> Bool {
    nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
  }

  private static func workspaceNames(in directory: String) -> [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return files.compactMap { ProfileLoader.baseName(of: $0) }.sorted()
  }

  private static func unknownName(_ name: String, available: [String], place: String)
    -> ProfileError
  {
    let list = available.isEmpty ? "none" : available.joined(separator: ", ")
    let hint = closestName(to: name, in: available).map { "did you mean \($0)? " } ?? ""
    return ProfileError(
      .unknownProfile, file: name, line: nil, field: "",
      message: "no profile named '\(name)' in \(place) (available: \(list))",
      fix: "\(hint)use one of the available names, or give a path to a .yaml file")
  }
}
