import Foundation
import Testing

/// `meta-agent profile learn` as a person runs it: exit codes, output, refusals.
@Suite("The profile learn command", .serialized)
struct ProfileLearnCLITests {
  static let hasStrace = FileManager.default.isExecutableFile(atPath: "/usr/bin/strace")
  static let hasPython =
    hasStrace && FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")

  static func temporaryDirectory() throws -> URL {
    let dir = URL(fileURLWithPath: "/tmp/meta-agent-learn-cli-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    chmod(dir.path, 0o755)
    return dir
  }

  @Test(
    "learning true from strict prints a profile on stdout and a summary on stderr",
    .enabled(if: hasStrace))
  func learnsToStdout() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try metaAgent(
      ["profile", "learn", "--from", "strict", "--", "/usr/bin/true"], in: dir)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("name: strict-learned\n"), "\(result.stdout)")
    #expect(result.stdout.contains("executables: [/usr/bin/true]"))
    #expect(result.stderr.contains("syscalls in"), "\(result.stderr)")
    #expect(result.stderr.contains("network: none"))
    #expect(result.stderr.contains("the command under it exited with code 0"))
  }

  @Test(
    "--output writes a profile that lints clean and runs the command under sandbox run",
    .enabled(if: hasPython))
  func learnsToFile() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("printer.yaml").path
    let command = ["/usr/bin/python3", "-I", "-S", "-c", "print(6 * 7)"]
    let learned = try metaAgent(
      ["profile", "learn", "--from", "python-mcp-tool", "--output", file, "--"] + command, in: dir)
    #expect(learned.status == 0, "\(learned.stderr)")
    #expect(learned.stdout.isEmpty)
    #expect(learned.stderr.contains("wrote \(file)"))
    let text = try String(contentsOfFile: file, encoding: .utf8)
    #expect(text.contains("name: printer\n"), "\(text)")
    let lint = try metaAgent(["profile", "lint", file], in: dir)
    #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
    let run = try metaAgent(["sandbox", "run", "--profile", file, "--"] + command, in: dir)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout == "42\n")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    #expect(leftovers == ["printer.yaml"], "temporary files left behind: \(leftovers)")
  }

  @Test(
    "an --output in a missing directory exits 1 with one line and writes nothing",
    .enabled(if: hasStrace))
  func unwritableOutput() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("missing/strict-learned.yaml").path
    let result = try metaAgent(
      ["profile", "learn", "--from", "strict", "--output", file, "--", "/usr/bin/true"], in: dir)
    #expect(result.status == 1)
    #expect(result.stderr.contains("could not write \(file)"), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }

  @Test("a --from that does not resolve exits 1 with one line naming it")
  func badFrom() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try metaAgent(
      ["profile", "learn", "--from", "no-such-profile", "--", "/usr/bin/true"], in: dir)
    #expect(result.status == 1)
    #expect(result.stderr.contains("no-such-profile"), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  @Test(
    "a failing command exits 1 with its stderr tail and writes nothing", .enabled(if: hasPython))
  func failingCommand() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("failing.yaml").path
    let command = [
      "/usr/bin/python3", "-I", "-S", "-c",
      "import sys; sys.stderr.write('no config\\n'); sys.exit(4)",
    ]
    let refused = try metaAgent(
      ["profile", "learn", "--from", "python-mcp-tool", "--output", file, "--"] + command, in: dir)
    #expect(refused.status == 1)
    #expect(
      refused.stderr.contains("failed while learning (exited with code 4)"), "\(refused.stderr)")
    #expect(refused.stderr.contains("| no config"), "\(refused.stderr)")
    #expect(!FileManager.default.fileExists(atPath: file))
    let allowed = try metaAgent(
      ["profile", "learn", "--from", "python-mcp-tool", "--allow-failure", "--output", file, "--"]
        + command, in: dir)
    #expect(allowed.status == 0, "\(allowed.stderr)")
    #expect(FileManager.default.fileExists(atPath: file))
  }

  @Test("a call the source profile refuses exits 1 naming the call", .enabled(if: hasPython))
  func refusedCall() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try metaAgent(
      [
        "profile", "learn", "--from", "python-mcp-tool", "--",
        "/usr/bin/python3", "-I", "-S", "-c", "import posix; posix.mkdir('/tmp/y')",
      ], in: dir)
    #expect(result.status == 1)
    #expect(result.stderr.contains("does not allow (mkdir, process"), "\(result.stderr)")
  }

  @Test("usage errors exit 2: no command, a --name that differs from the output file")
  func usage() throws {
    let dir = try Self.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let noCommand = try metaAgent(["profile", "learn", "--from", "strict"], in: dir)
    #expect(noCommand.status == 2, "\(noCommand.stderr)")
    let mismatch = try metaAgent(
      [
        "profile", "learn", "--from", "strict", "--name", "a", "--output", "b.yaml", "--",
        "/usr/bin/true",
      ],
      in: dir)
    #expect(mismatch.status == 2, "\(mismatch.stderr)")
    #expect(mismatch.stderr.contains("--name 'a' differs"), "\(mismatch.stderr)")
  }
}
