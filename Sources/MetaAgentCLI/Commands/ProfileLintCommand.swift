import ArgumentParser
import Sandbox

/// `meta-agent profile lint FILE...`: every problem as `file:line: field: message (fix: …)`.
struct ProfileLintCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lint",
    abstract: "Check profile files; exit 1 if any has an error.",
    discussion: """
      Dangerous settings (kept capabilities, dangerous syscalls, writable host paths,
      secret-looking environment variables) are errors unless the profile's
      `acknowledge` section gives a written reason for each. See docs/profiles.md.
      """)

  @Argument(help: "Profile files (.yaml) to check.")
  var files: [String] = []

  func validate() throws {
    if files.isEmpty { throw ValidationError("give at least one profile file to check") }
  }

  func run() throws {
    var anyError = false
    for file in files {
      let issues = ProfileLinter.lint(file: file)
      for issue in issues { print(issue) }
      if issues.contains(where: { $0.severity == .error }) {
        anyError = true
      } else {
        print("ok: \(file)")
      }
    }
    if anyError { throw ExitCode.error }
  }
}
