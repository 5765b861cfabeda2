import ArgumentParser

/// `meta-agent profile`: the commands people use while writing sandbox profiles.
struct ProfileCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "profile", abstract: "Check and show sandbox profiles.",
    subcommands: [ProfileLintCommand.self, ProfileShowCommand.self, ProfileLearnCommand.self])
}
