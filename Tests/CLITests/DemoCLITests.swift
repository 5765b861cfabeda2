import Foundation
import Testing

/// `meta-agent demo` as a person runs it: on a terminal (a pty from script(1)),
/// answering each approval prompt only once it is shown.
@Suite("meta-agent demo on a terminal")
struct DemoCLITests {
  static let canRun =
    FileManager.default.isExecutableFile(atPath: "/usr/bin/script")
    && FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")

  /// Runs the demo under a pty; answers `answers` in order, one per prompt seen.
  static func demo(answers: [String]) throws -> (status: Int32, output: String, prompts: Int) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    process.arguments = ["-qefc", "'\(binary.path)' demo", "/dev/null"]
    process.currentDirectoryURL = URL(fileURLWithPath: "/tmp")
    var environment = ProcessInfo.processInfo.environment
    environment["NO_COLOR"] = "1"
    process.environment = environment
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()

    let collected = Collected()
    let handle = output.fileHandleForReading
    let reader = Thread {
      while true {
        let data = handle.availableData
        if data.isEmpty { return }
        collected.append(String(decoding: data, as: UTF8.self))
      }
    }
    reader.start()
    var answered = 0
    let deadline = Date().addingTimeInterval(180)
    while process.isRunning && Date() < deadline {
      let prompts = collected.text.components(separatedBy: "approve? [y/N]").count - 1
      if prompts > answered && answered < answers.count {
        input.fileHandleForWriting.write(Data((answers[answered] + "\n").utf8))
        answered += 1
      }
      usleep(50_000)
    }
    if process.isRunning { process.terminate() }
    process.waitUntilExit()
    usleep(200_000)
    let final = collected.text
    return (
      process.terminationStatus, final, final.components(separatedBy: "approve? [y/N]").count - 1
    )
  }

  @Test(
    "the person approves the draft and the deploy; the demo ends with the OOM diagnosis",
    .enabled(if: canRun))
  func approvedDemo() throws {
    let run = try Self.demo(answers: ["y", "y"])
    #expect(run.status == 0, "\(run.output.suffix(2000))")
    #expect(run.prompts == 2, "Yellow (production) and Red")
    #expect(run.output.contains("YELLOW"))
    #expect(run.output.contains("RED"))
    #expect(run.output.contains("OOMKilled"))
    #expect(run.output.contains("Java heap space"))
    #expect(run.output.contains("memory: 2560Mi"), "the memory-limit patch")
  }

  @Test("declining the Red deploy ends the demo with exit 4 and no diagnosis", .enabled(if: canRun))
  func declinedDeploy() throws {
    let run = try Self.demo(answers: ["y", "n"])
    #expect(run.status == 4, "\(run.output.suffix(2000))")
    #expect(run.prompts == 2)
    #expect(!run.output.contains("ROOT CAUSE"))
  }
}

/// What the pty printed so far, shared between the reader thread and the test.
private final class Collected: @unchecked Sendable {
  private let lock = NSLock()
  private var value = ""
  var text: String { lock.withLock { value } }
  func append(_ more: String) { lock.withLock { value += more } }
}
