import Foundation

/// Whether kubectl is where meta-agent needs it: on PATH for the operator and
/// the host-side `kubectl proxy`, and at /usr/bin/kubectl, the path the sandboxed
/// kubectl tool binds and runs.
struct KubectlCheck: DoctorCheck {
  let name = "kubectl"
  let timeoutSeconds = 12.0
  var environment = ProcessInfo.processInfo.environment
  /// Where the shipped kubectl profiles and the capability catalog expect it.
  var sandboxPath = "/usr/bin/kubectl"

  static let install =
    "curl -fsSLO \"https://dl.k8s.io/release/$(curl -fsSL https://dl.k8s.io/release/stable.txt)"
    + "/bin/linux/amd64/kubectl\" && sudo install -m 0755 kubectl /usr/bin/kubectl"
    + "   # arm64 hosts: linux/arm64"

  func run() -> [DoctorFinding] {
    let onPath = BoundedProcess.which("kubectl", environment: environment)
    let atSandboxPath = FileManager.default.isExecutableFile(atPath: sandboxPath)
    switch (onPath, atSandboxPath) {
    case (nil, false):
      return [
        .fail(
          name, "no kubectl on PATH (\(environment["PATH"] ?? "")) and none at \(sandboxPath)",
          fix: Self.install)
      ]
    case (nil, true):
      return [
        .warn(
          name,
          "kubectl is not on PATH; meta-agent still uses \(sandboxPath) (\(version(of: sandboxPath))), "
            + "but the kubectl commands it prints for you will not run as typed",
          fix:
            "export PATH=\"$PATH:\(URL(fileURLWithPath: sandboxPath).deletingLastPathComponent().path)\""
            + "   # and add it to your shell's profile")
      ]
    case (let path?, false):
      return [
        .fail(
          name,
          "kubectl is at \(path) but not at \(sandboxPath), which the sandboxed kubectl tool binds and runs",
          fix:
            "sudo ln -s \(BoundedProcess.realPath(path)) \(sandboxPath)   # or install it there: "
            + Self.install)
      ]
    case (let path?, true):
      let sandboxReal = BoundedProcess.realPath(sandboxPath)
      let pathReal = BoundedProcess.realPath(path)
      if sandboxReal != pathReal {
        return [
          .warn(
            name,
            "the kubectl on PATH (\(path), \(version(of: path))) is not \(sandboxPath) "
              + "(\(version(of: sandboxPath))), which sandboxed tools run; results may differ",
            fix: "use one kubectl: sudo ln -sf \(pathReal) \(sandboxPath), "
              + "or remove \(path) from PATH")
        ]
      }
      return [versionFinding(path: path, real: pathReal)]
    }
  }

  /// ok with the client version, or a warning when kubectl will not say which it is.
  private func versionFinding(path: String, real: String) -> DoctorFinding {
    let result = clientVersion(of: path)
    guard let version = result?.version else {
      return .warn(
        name,
        "\(path) did not report its version: \(result?.problem ?? "it could not be started")",
        fix: "run `\(path) version --client` to see why; reinstall it if it fails: \(Self.install)")
    }
    var detail = "\(path) (\(real)), client \(version)"
    if version.hasSuffix("-dispatcher") || real.contains("google-cloud-sdk") {
      detail += "; this is the Google Cloud SDK's dispatcher, which runs the kubectl gcloud selects"
    }
    return .ok(name, detail)
  }

  private func version(of path: String) -> String {
    clientVersion(of: path)?.version.map { "client \($0)" } ?? "version unknown"
  }

  /// `kubectl version --client -o json`, bounded: the version, or why there is none.
  private func clientVersion(of path: String) -> (version: String?, problem: String)? {
    guard
      let result = BoundedProcess.run(
        path, ["version", "--client", "-o", "json"], timeoutSeconds: 8, environment: environment)
    else { return nil }
    if result.timedOut { return (nil, "`kubectl version --client` did not finish within 8 s") }
    struct Output: Decodable {
      struct Client: Decodable { let gitVersion: String? }
      let clientVersion: Client?
    }
    if result.exitStatus == 0,
      let output = try? JSONDecoder().decode(Output.self, from: Data(result.stdout.utf8)),
      let version = output.clientVersion?.gitVersion
    {
      return (version, "")
    }
    let reason = result.stderr.split(separator: "\n").first.map(String.init) ?? "no output"
    return (nil, "exit \(result.exitStatus): \(reason)")
  }
}
