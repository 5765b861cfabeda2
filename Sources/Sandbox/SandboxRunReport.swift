import Foundation

/// A run's result in the stable shape `sandbox run --json` prints (docs/cli.md).
public struct SandboxRunReport: Sendable, Encodable {
  public struct Ending: Sendable, Encodable {
    public var kind: String
    public var description: String
    public var code: Int32?
    public var signal: String?
    public var step: String?
    public var errno: String?
  }

  public struct Stream: Sendable, Encodable {
    public var text: String
    public var bytes: Int
    public var truncated: Bool
  }

  public var profile: String
  public var origin: String
  public var argv: [String]
  public var ending: Ending
  public var stdout: Stream
  public var stderr: Stream
  public var wallSeconds: Double
  public var cpuSeconds: Double
  public var notes: [String]

  enum CodingKeys: String, CodingKey {
    case profile, origin, argv, ending, stdout, stderr, notes
    case wallSeconds = "wall_seconds"
    case cpuSeconds = "cpu_seconds"
  }

  public init(profile: String, origin: String, argv: [String], result: SandboxResult) {
    self.profile = profile
    self.origin = origin
    self.argv = argv
    var ending = Ending(kind: result.ending.kind, description: result.ending.description)
    switch result.ending {
    case .exited(let code): ending.code = code
    case .killedBySignal(let signal): ending.signal = signalName(signal)
    case .killedBySeccomp: ending.signal = "SIGSYS"
    case .setupFailed(let step, let code, _):
      ending.step = step
      ending.errno = KernelNames.errnoName(code)
    default: break
    }
    self.ending = ending
    stdout = Stream(result.stdout)
    stderr = Stream(result.stderr)
    wallSeconds = result.wallSeconds
    cpuSeconds = result.cpuSeconds
    notes = result.notes
  }

  public func json() -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
  }

  /// What a person reads on stderr after the program's own output.
  public func summaryLines() -> [String] {
    var lines = [
      String(
        format: "sandbox (%@): %@ after %.3fs wall, %.3fs cpu", profile,
        ending.description,
        wallSeconds, cpuSeconds)
    ]
    for (name, stream) in [("stdout", stdout), ("stderr", stderr)] where stream.truncated {
      lines.append(
        "\(name) truncated: kept \(stream.text.utf8.count) of \(stream.bytes) bytes (limits.output_bytes)"
      )
    }
    return lines
  }
}

extension SandboxRunReport.Stream {
  init(_ output: CapturedOutput) {
    self.init(text: output.text, bytes: output.totalBytes, truncated: output.truncated)
  }
}
