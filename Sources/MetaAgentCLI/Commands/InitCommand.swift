import ArgumentParser
import Foundation
import Governance
import Sandbox

struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract:
      "Create a workspace: mcp_servers/, sandbox-profiles/, .meta-agent/ (database, key, config).",
    discussion: """
      Running it again on an existing workspace destroys nothing: existing files are kept
      as they are and only missing ones are added. The environment defaults to production,
      where a person approves every Yellow and Red action; Red always needs a person.
      """)

  @Argument(help: "The directory to make a workspace (default: the current directory).")
  var directory: String?

  @Option(name: .customLong("env"), help: "dev, staging or production (default: production).")
  var environment: String?

  @Option(help: "The name recorded when you approve or deny (default: your login name).")
  var approver: String?

  func validate() throws {
    if let environment, DeploymentEnvironment(rawValue: environment) == nil {
      throw ValidationError("--env '\(environment)' is not one of dev, staging, production")
    }
    if let approver, approver.trimmingCharacters(in: .whitespaces).isEmpty {
      throw ValidationError("--approver must not be empty")
    }
  }

  func run() throws {
    try reportingFailures {
      let root = URL(
        fileURLWithPath: directory ?? ".",
        relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
      let report = try Workspace.initialize(
        at: root, environment: environment.flatMap(DeploymentEnvironment.init(rawValue:)),
        approver: approver, profiles: ShippedProfiles.all)
      if report.wasExisting {
        print("Workspace already initialized at \(report.root.path); nothing was overwritten.")
      } else {
        print("Initialized a meta-agent workspace at \(report.root.path).")
      }
      for path in report.created { print("  created  \(path)") }
      for path in report.kept { print("  kept     \(path)") }
      for note in report.notes { print("note: \(note)") }
      print("environment: \(report.environment.rawValue)")
    }
  }
}
