import Foundation
import Sandbox

/// Whether the system Python 3 that generated tools run under (/usr/bin/python3,
/// standard library only) is there, matches what the python profiles bind, and
/// is the `python3` a person gets on PATH.
struct PythonCheck: DoctorCheck {
  let name = "python3"
  let timeoutSeconds = 15.0
  var environment = ProcessInfo.processInfo.environment
  var systemPython = "/usr/bin/python3"
  /// The workspace whose python-mcp-tool profile is used; nil means the shipped one.
  var workspace: String?

  static let printVersion = [
    "-I", "-S", "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])",
  ]

  func run() -> [DoctorFinding] {
    [system(), onPath()]
  }

  private func system() -> DoctorFinding {
    guard FileManager.default.isExecutableFile(atPath: systemPython) else {
      return .fail(
        name, "\(systemPython) does not exist; every generated tool runs under it",
        fix: "sudo apt-get install python3   # or your distribution's python3 package")
    }
    let version: String
    switch Self.version(of: systemPython, environment: environment) {
    case .success(let found): version = found
    case .failure(let problem):
      return .fail(
        name, "\(systemPython) does not run: \(problem)",
        fix: "run `\(systemPython) -I -S -c 'print(1)'` to see why; reinstall python3")
    }
    let parts = version.split(separator: ".")
    let stdlib = "/usr/lib/python\(parts.prefix(2).joined(separator: "."))"
    let detail = "\(systemPython) is Python \(version) (standard library \(stdlib))"
    if let profile = try? ProfileSource.resolve("python-mcp-tool", workspace: workspace).profile,
      !profile.filesystem.readOnly.contains(where: { $0.source == stdlib })
    {
      let bound = profile.filesystem.readOnly.map(\.source).filter {
        $0.hasPrefix("/usr/lib/python")
      }
      return .warn(
        name,
        detail + ", but the python-mcp-tool profile binds "
          + (bound.isEmpty ? "no standard library" : bound.joined(separator: ", ")),
        fix: "replace the standard library bind with \(stdlib) in the python profiles "
          + "(python-mcp-tool, kubectl-mcp-tool) of sandbox-profiles/, then "
          + "`meta-agent profile lint` them")
    }
    return .ok(name, detail)
  }

  /// The `python3` a person or a script gets is invisible inside the sandbox;
  /// when it is another interpreter, tests run with it prove nothing about the tool.
  private func onPath() -> DoctorFinding {
    let check = "python3-on-path"
    guard let path = BoundedProcess.which("python3", environment: environment) else {
      return .warn(
        check, "no python3 on PATH; tools still run under \(systemPython)",
        fix: "export PATH=\"$PATH:/usr/bin\"   # so `python3` is the interpreter tools run under")
    }
    let real = BoundedProcess.realPath(path)
    guard real != BoundedProcess.realPath(systemPython) else {
      return .ok(check, "python3 on PATH is \(systemPython) (\(path))")
    }
    let version: String
    switch Self.version(of: path, environment: environment) {
    case .success(let found): version = "Python \(found)"
    case .failure(let problem): version = "it does not run: \(problem)"
    }
    return .warn(
      check,
      "python3 on PATH is \(path) (\(version)), not \(systemPython): it is invisible inside the "
        + "sandbox, so what works with it may not work in a tool",
      fix: "run tools and their tests with \(systemPython) explicitly, or put /usr/bin before "
        + "\(URL(fileURLWithPath: path).deletingLastPathComponent().path) in PATH")
  }

  /// Why an interpreter did not say its version.
  enum Problem: Error, CustomStringConvertible {
    case cannotStart
    case timedOut
    case failed(exitStatus: Int32, lastLine: String)

    var description: String {
      switch self {
      case .cannotStart: "it cannot be started"
      case .timedOut: "it did not answer within 5 s"
      case .failed(let status, let line): "exit \(status): \(line)"
      }
    }
  }

  /// The interpreter's version ("3.11.2"), asked of the interpreter itself, within 5 s.
  static func version(of python: String, environment: [String: String]) -> Result<String, Problem> {
    guard
      let result = BoundedProcess.run(
        python, printVersion, timeoutSeconds: 5, environment: environment)
    else { return .failure(.cannotStart) }
    if result.timedOut { return .failure(.timedOut) }
    let version = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    guard result.exitStatus == 0, !version.isEmpty else {
      let why = result.stderr.split(separator: "\n").last.map(String.init) ?? "no output"
      return .failure(.failed(exitStatus: result.exitStatus, lastLine: why))
    }
    return .success(version)
  }
}
