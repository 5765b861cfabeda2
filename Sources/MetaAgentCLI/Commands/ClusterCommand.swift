import ArgumentParser

/// `meta-agent cluster`: serve a captured cluster, or capture a live one.
struct ClusterCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cluster", abstract: "Replay a captured cluster or capture a live one.",
    subcommands: [ClusterReplayCommand.self, ClusterCaptureCommand.self])
}
