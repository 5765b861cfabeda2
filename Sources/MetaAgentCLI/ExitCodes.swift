import ArgumentParser

/// The documented, stable exit codes (docs/cli.md).
extension ExitCode {
  /// Something went wrong that is not the caller's usage: a bad profile, a failed spawn.
  static let error = ExitCode(1)
  /// The command line itself is wrong.
  static let usage = ExitCode(2)
  /// The run stopped at an approval; approve it and resume.
  static let waitingForApproval = ExitCode(3)
  /// A person denied the approval.
  static let denied = ExitCode(4)
  /// The tool needs credentials the operator must configure.
  static let credentialsNeeded = ExitCode(5)
}
