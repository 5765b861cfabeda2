import Foundation

/// What `ProfileLearner.learn` runs, under which profile, and how to name the result.
public struct LearnRequest: Sendable {
  /// The command; argv[0] must be one of the --from profile's executables.
  public var argv: [String]
  /// The profile the command is learned under; the result is never wider.
  public var from: SandboxProfile
  /// Where --from came from (a file, or `shipped:NAME`), for the description.
  public var fromOrigin: String
  /// The learned profile's name; nil means `<from>-learned`.
  public var name: String?
  /// The caller's environment; only --from's `pass` names are taken from it.
  public var environment: [String: String]
  /// Written to the command's stdin in both runs; nil means /dev/null.
  public var stdin: [UInt8]?
  /// Host directories that stay invisible even where a bind covers them.
  public var hiddenPaths: [String]
  /// Overrides the wall-clock limit of the learning and the checking run.
  public var wallTimeSeconds: Double?
  /// Learn from a run that failed (the profile then covers only what it did).
  public var allowFailure: Bool
  /// Re-run the command under the learned profile and refuse it if the run differs.
  public var verify: Bool
  /// The strace to trace with.
  public var tracer: String
  /// When the profile was learned, for its description.
  public var date: Date

  public init(
    argv: [String], from: SandboxProfile, fromOrigin: String, name: String? = nil,
    environment: [String: String] = [:], stdin: [UInt8]? = nil, hiddenPaths: [String] = [],
    wallTimeSeconds: Double? = nil, allowFailure: Bool = false, verify: Bool = true,
    tracer: String = "/usr/bin/strace", date: Date = Date()
  ) {
    self.argv = argv
    self.from = from
    self.fromOrigin = fromOrigin
    self.name = name
    self.environment = environment
    self.stdin = stdin
    self.hiddenPaths = hiddenPaths
    self.wallTimeSeconds = wallTimeSeconds
    self.allowFailure = allowFailure
    self.verify = verify
    self.tracer = tracer
    self.date = date
  }
}
