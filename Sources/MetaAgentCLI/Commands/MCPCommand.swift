import ArgumentParser

struct MCPCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mcp",
    abstract: "Offer the deployed tools to other MCP clients.",
    subcommands: [MCPServeCommand.self])
}
