import Foundation
import Testing

/// The command tree as the binary describes it (`--experimental-dump-help`), so
/// these tests follow the commands that exist rather than a list kept by hand.
struct CommandTree: Decodable {
  struct Command: Decodable {
    let commandName: String
    let shouldDisplay: Bool?
    let subcommands: [Command]?

    /// Every visible subcommand below this one, depth first, with its parents' names.
    func paths(prefix: [String] = []) -> [[String]] {
      (subcommands ?? []).filter { $0.shouldDisplay != false && $0.commandName != "help" }
        .flatMap { child in
          let path = prefix + [child.commandName]
          return [path] + child.paths(prefix: path)
        }
    }
  }

  let command: Command

  static func load() throws -> CommandTree {
    let outcome = try metaAgent(["--experimental-dump-help"], in: URL(fileURLWithPath: "/tmp"))
    #expect(outcome.status == 0, "\(outcome.stderr)")
    return try JSONDecoder().decode(CommandTree.self, from: Data(outcome.stdout.utf8))
  }

  var topLevel: [String] { command.paths().filter { $0.count == 1 }.map { $0[0] } }
}

/// The words of a text: runs of letters, digits, '-' and '_'; roff's escaped hyphen counts as '-'.
private func words(_ text: String) -> Set<String> {
  let plain = text.replacingOccurrences(of: "\\-", with: "-")
  return Set(
    plain.split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }.map(String.init))
}

/// The source tree; META_AGENT_SOURCE_ROOT when set (scripts/test's unprivileged run
/// copies scripts/ and docs/man/ there).
private let repositoryRoot =
  ProcessInfo.processInfo.environment["META_AGENT_SOURCE_ROOT"].map { URL(fileURLWithPath: $0) }
  ?? URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

@Suite("Shell completions and the man page")
struct DoctorCompletionAndManualTests {
  @Test("the command tree includes doctor and the commands the docs name")
  func tree() throws {
    let top = try CommandTree.load().topLevel
    for name in ["doctor", "sandbox", "init", "audit", "approve"] {
      #expect(top.contains(name), "\(top)")
    }
  }

  @Test(
    "each shell's completion script mentions every top-level subcommand",
    arguments: ["bash", "zsh", "fish"])
  func completionScript(shell: String) throws {
    let top = try CommandTree.load().topLevel
    let outcome = try metaAgent(
      ["--generate-completion-script", shell], in: URL(fileURLWithPath: "/tmp"))
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stdout.count > 1000)
    let found = words(outcome.stdout)
    for name in top { #expect(found.contains(name), "\(shell) script lacks \(name)") }
  }

  @Test("scripts/install-completions writes each shell's script under HOME, no sudo")
  func installCompletions() throws {
    let home = URL(fileURLWithPath: "/tmp/meta-agent-home-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: home) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = [repositoryRoot.appendingPathComponent("scripts/install-completions").path]
    var environment = ProcessInfo.processInfo.environment
    for name in ["XDG_DATA_HOME", "XDG_CONFIG_HOME", "ZDOTDIR"] { environment[name] = nil }
    environment["HOME"] = home.path
    environment["META_AGENT"] = binary.path
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    for file in [
      ".local/share/bash-completion/completions/meta-agent", ".zsh/completions/_meta-agent",
      ".config/fish/completions/meta-agent.fish",
    ] {
      let text = try String(contentsOf: home.appendingPathComponent(file), encoding: .utf8)
      #expect(words(text).contains("doctor"), "\(file)")
    }
  }

  @Test("docs/man/meta-agent.1 lists every subcommand, nested ones included, in the tree's order")
  func manPage() throws {
    let page = try String(
      contentsOf: repositoryRoot.appendingPathComponent("docs/man/meta-agent.1"), encoding: .utf8)
    // generate-manual lists each command as `.It Em NAME`, depth first, as the tree declares them.
    let listed = page.split(separator: "\n").filter { $0.hasPrefix(".It Em ") }
      .map { String($0.dropFirst(".It Em ".count)) }.filter { $0 != "help" }
    let expected = try CommandTree.load().command.paths().map { $0.last! }
    #expect(expected.count > 20)
    #expect(
      listed == expected,
      "docs/man/meta-agent.1 and the command tree differ: run scripts/manpage")
  }
}
