import ArgumentParser

/// `meta-agent sandbox`: run untrusted programs under a profile.
struct SandboxCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sandbox", abstract: "Run a command inside a sandbox profile.",
    subcommands: [SandboxRunCommand.self])
}
