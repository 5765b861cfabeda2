import ArgumentParser
import Foundation
import Glibc
import Sandbox

/// `meta-agent profile learn --from PROFILE -- ARGV...`: traces a command under a
/// learning variant of a profile and writes the tightest profile that lets it run.
struct ProfileLearnCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "learn",
    abstract: "Learn the tightest profile that lets a command run.",
    discussion: """
      Runs the command under strace inside a learning variant of --from (the same
      namespaces, read-only root, no capabilities, no_new_privs, rlimits, scrubbed
      environment and seccomp filter, plus what strace needs), then writes a profile
      allowing only the syscalls it made (whole groups where a whole group was
      used), binding only the paths it looked at (never more than --from binds),
      with network none unless it made non-unix sockets. The result is linted and,
      unless --no-verify, the command is run again under it and must end the same
      way. Review it before trusting it: docs/profiles.md, "Learning a profile".

      The profile goes to --output (written atomically) or stdout; a summary goes
      to stderr. Exit status: 0 learned; 1 the command failed while learning, made
      a call --from does not allow, or the learned profile failed its check, or
      --from does not resolve; 2 usage.

      Examples:
        meta-agent profile learn --from strict -- /usr/bin/true
        meta-agent profile learn --from python-mcp-tool --output mytool.yaml \\
          --input session.jsonl -- /usr/bin/python3 -I -S mytool.py
      """)

  @Option(
    name: .long,
    help: "The profile to learn under: a name (shipped, or in --workspace) or a .yaml file.")
  var from: String

  @OptionGroup var workspaceOptions: WorkspaceOptions

  @Option(
    help: "The learned profile's name (default: the --output file's name, else <from>-learned).")
  var name: String?

  @Option(help: "Write the profile to this file instead of stdout.")
  var output: String?

  @Option(help: "Feed this file to the command's stdin in both runs (default: /dev/null).")
  var input: String?

  @Option(help: "Wall-clock limit in seconds for the command, instead of the profile's wall_time.")
  var timeout: Double?

  @Flag(help: "Learn from a run that exits non-zero (the profile covers only what it did).")
  var allowFailure = false

  @Flag(help: "Do not re-run the command under the learned profile.")
  var noVerify = false

  @Argument(parsing: .captureForPassthrough, help: "The command and its arguments, after --.")
  var command: [String] = []

  /// The command without the `--` separator.
  private var arguments: [String] {
    command.first == "--" ? Array(command.dropFirst()) : command
  }

  /// The base name of a `.yaml` output file: the name the profile must carry.
  private var outputName: String? {
    guard let output else { return nil }
    let last = (output as NSString).lastPathComponent
    for suffix in [".yaml", ".yml"] where last.hasSuffix(suffix) && last.count > suffix.count {
      return String(last.dropLast(suffix.count))
    }
    return nil
  }

  func validate() throws {
    if arguments.isEmpty {
      throw ValidationError("give the command after --, e.g. -- /usr/bin/true")
    }
    if from.isEmpty { throw ValidationError("--from needs a profile name or file") }
    if let timeout, !(timeout > 0 && timeout <= 86_400) {
      throw ValidationError("--timeout must be between 0 and 86400 seconds, got \(timeout)")
    }
    if let name {
      let allowed = name.allSatisfy {
        $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0))
      }
      if name.isEmpty || !allowed {
        throw ValidationError("--name '\(name)' may hold only letters, digits, '-', '_' and '.'")
      }
      if let outputName, outputName != name {
        throw ValidationError(
          "--name '\(name)' differs from the output file's name '\(outputName)'; a profile's name must match its file"
        )
      }
    }
  }

  func run() throws {
    let learned: LearnedProfile
    do {
      let workspace = try workspaceOptions.resolveIfPresent()
      let resolved = try ProfileSource.resolve(from, workspace: workspace?.root.path)
      var stdin: [UInt8]? = nil
      if let input {
        guard let data = FileManager.default.contents(atPath: input) else {
          printError("--input \(input): cannot be read; give a readable file")
          throw ExitCode.error
        }
        stdin = [UInt8](data)
      }
      learned = try ProfileLearner.learn(
        LearnRequest(
          argv: arguments, from: resolved.profile, fromOrigin: resolved.origin,
          name: name ?? outputName, environment: ProcessInfo.processInfo.environment,
          stdin: stdin, hiddenPaths: SandboxRunCommand.hiddenPaths(workspace: workspace),
          wallTimeSeconds: timeout, allowFailure: allowFailure, verify: !noVerify))
    } catch let error as LearnError {
      printError(error.description)
      for line in error.stderrTail { FileHandle.standardError.write(Data("  | \(line)\n".utf8)) }
      throw ExitCode.error
    } catch let exit as ExitCode {
      throw exit
    } catch {
      printError(errorLine(error, step: "profile learn"))
      throw ExitCode.error
    }
    if let output {
      do {
        try Self.writeAtomically(learned.yaml, to: output)
      } catch {
        printError(error.description)
        throw ExitCode.error
      }
    } else {
      print(learned.yaml, terminator: "")
    }
    for line in learned.summaryLines() { printError(line) }
    if let output { printError("wrote \(output)") }
  }

  /// Writes beside the target and renames over it, so a reader never sees half a profile.
  static func writeAtomically(_ text: String, to path: String) throws(LearnError) {
    let directory = (path as NSString).deletingLastPathComponent
    let temporary =
      (directory.isEmpty ? "." : directory)
      + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw .write(path: path, errno: errno) }
    let bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
      let count = bytes.withUnsafeBytes {
        write(fd, $0.baseAddress! + written, bytes.count - written)
      }
      if count < 0 {
        if errno == EINTR { continue }
        let code = errno
        close(fd)
        unlink(temporary)
        throw .write(path: path, errno: code)
      }
      written += count
    }
    let synced = fsync(fd) == 0
    let code = errno
    close(fd)
    guard synced, rename(temporary, path) == 0 else {
      let failure = synced ? errno : code
      unlink(temporary)
      throw .write(path: path, errno: failure)
    }
  }
}
