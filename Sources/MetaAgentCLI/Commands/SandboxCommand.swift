import ArgumentParser

struct SandboxCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sandbox", abstract: "Run a command inside a sandbox profile.")
}
