import Foundation
import GRDB
import Testing

/// One parsed line of `meta-agent doctor --json`.
struct DoctorLine: Decodable {
  let check: String
  let status: String
  let detail: String
  let fix: String?
}

/// A temp directory with `meta-agent init` run in it; removed after `body`.
private func withDoctorWorkspace(_ body: (URL) throws -> Void) throws {
  let dir = URL(fileURLWithPath: "/tmp/meta-agent-doctor-\(UUID().uuidString.prefix(8))")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  let initialized = try metaAgent(["init", "--env", "dev", "--approver", "alice"], in: dir)
  #expect(initialized.status == 0, "\(initialized.stderr)")
  try body(dir)
}

/// Runs `doctor --json` and parses its array; records an issue when stdout is not one.
private func doctorJSON(
  in dir: URL, _ extra: [String] = [], environment: [String: String] = [:]
) throws -> (outcome: Outcome, lines: [DoctorLine]) {
  let outcome = try metaAgent(["doctor", "--json"] + extra, in: dir, environment: environment)
  let lines = try JSONDecoder().decode([DoctorLine].self, from: Data(outcome.stdout.utf8))
  return (outcome, lines)
}

private func line(_ check: String, in lines: [DoctorLine]) -> DoctorLine? {
  lines.first { $0.check == check }
}

private let isLinux: Bool = {
  #if os(Linux)
    return true
  #else
    return false
  #endif
}()

@Suite("meta-agent doctor", .serialized)
struct DoctorCLITests {
  @Test(
    "on this host the sandbox, seccomp, Python and workspace checks are ok",
    .enabled(if: isLinux))
  func okOnThisHost() throws {
    try withDoctorWorkspace { dir in
      let (outcome, lines) = try doctorJSON(in: dir)
      for check in [
        "user-namespaces", "seccomp-kernel", "libseccomp", "seccomp-kill-process", "python3",
        "workspace", "workspace-config", "environment", "operator-key", "database", "audit-chain",
      ] {
        #expect(line(check, in: lines)?.status == "ok", "\(check): \(outcome.stdout)")
      }
      #expect(line("environment", in: lines)?.detail.hasPrefix("dev:") == true)
      #expect(line("workspace", in: lines)?.detail == dir.path)
      let failed = lines.contains { $0.status == "fail" }
      #expect(outcome.status == (failed ? 1 : 0), "\(outcome.stdout)")
      #expect(outcome.stderr.isEmpty, "\(outcome.stderr)")
    }
  }

  @Test("the JSON is an array of {check, status, detail, fix}; fix is null exactly when ok")
  func jsonShape() throws {
    try withDoctorWorkspace { dir in
      let outcome = try metaAgent(["doctor", "--json"], in: dir)
      let array = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [Any]
      let objects = try #require(array as? [[String: Any]])
      #expect(objects.count >= 12)
      for object in objects {
        #expect(Set(object.keys) == ["check", "status", "detail", "fix"], "\(object)")
        let status = object["status"] as? String
        #expect(["ok", "warn", "fail"].contains(status), "\(object)")
        #expect((object["detail"] as? String)?.isEmpty == false, "\(object)")
        if status == "ok" {
          #expect(object["fix"] is NSNull, "\(object)")
        } else {
          #expect((object["fix"] as? String)?.isEmpty == false, "\(object)")
        }
      }
      let names = objects.compactMap { $0["check"] as? String }
      #expect(Set(names).count == names.count, "each check appears once: \(names)")
    }
  }

  @Test("the table has one line per check and a fix: line under every line that is not ok")
  func table() throws {
    try withDoctorWorkspace { dir in
      let (_, lines) = try doctorJSON(in: dir)
      let table = try metaAgent(["doctor"], in: dir, environment: ["NO_COLOR": "1"])
      let rows = table.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(
        String.init)
      for entry in lines {
        let index = try #require(
          rows.firstIndex {
            $0.split(separator: " ").dropFirst().first.map(String.init) == entry.check
          },
          "\(entry.check) in:\n\(table.stdout)")
        let word = ["ok": "ok", "warn": "warn", "fail": "FAIL"][entry.status]!
        #expect(rows[index].hasPrefix(word + " "), "\(rows[index])")
        #expect(rows[index].contains(entry.detail.prefix(30)), "timings aside, the same detail")
        let next = index + 1 < rows.count ? rows[index + 1] : ""
        #expect(
          next.trimmingCharacters(in: .whitespaces).hasPrefix("fix: ") == (entry.status != "ok"))
      }
      #expect(!table.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
      #expect(!table.stdout.contains("✓"))
      #expect(rows.last { !$0.isEmpty }?.contains(" ok, ") == true, "a summary line ends it")
    }
  }

  @Test("an operator key readable by others is a FAIL whose fix is the chmod")
  func looseKey() throws {
    try withDoctorWorkspace { dir in
      let keys = dir.appendingPathComponent(".meta-agent/keys")
      let key = keys.appendingPathComponent("operator.ed25519")
      #expect(chmod(key.path, 0o644) == 0)
      let (outcome, lines) = try doctorJSON(in: dir)
      let finding = try #require(line("operator-key", in: lines))
      #expect(finding.status == "fail")
      #expect(finding.detail.contains("0644"), "\(finding.detail)")
      #expect(finding.fix == "chmod 600 \(key.path)")
      #expect(outcome.status == 1)

      #expect(chmod(keys.path, 0o755) == 0)
      let both = try #require(line("operator-key", in: try doctorJSON(in: dir).lines))
      #expect(both.fix == "chmod 600 \(key.path) && chmod 700 \(keys.path)")

      #expect(chmod(key.path, 0o600) == 0 && chmod(keys.path, 0o700) == 0)
      #expect(line("operator-key", in: try doctorJSON(in: dir).lines)?.status == "ok")
    }
  }

  @Test("an edited audit entry is a FAIL naming the first bad entry")
  func tamperedAuditChain() throws {
    try withDoctorWorkspace { dir in
      // Three entries; the second and third are edited, and the second is the one to name.
      for _ in 0..<2 { #expect(try metaAgent(["init"], in: dir).status == 0) }
      let queue = try DatabaseQueue(
        path: dir.appendingPathComponent(".meta-agent/state.sqlite").path)
      try queue.writeWithoutTransaction { db in
        try db.execute(sql: "DROP TRIGGER audit_log_no_update")
        try db.execute(sql: "UPDATE audit_log SET actor = 'mallory' WHERE seq IN (2, 3)")
      }
      try queue.close()
      let (outcome, lines) = try doctorJSON(in: dir)
      let finding = try #require(line("audit-chain", in: lines))
      #expect(finding.status == "fail")
      #expect(finding.detail.contains("audit log broken at entry 2:"), "\(finding.detail)")
      #expect(finding.fix?.contains("meta-agent audit verify") == true)
      #expect(outcome.status == 1)
      #expect(line("database", in: lines)?.status == "ok")
    }
  }

  @Test("without kubectl on PATH the kubectl line says so and how to fix it")
  func noKubectlOnPath() throws {
    let dir = URL(fileURLWithPath: "/tmp/meta-agent-doctor-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let (outcome, lines) = try doctorJSON(in: dir, environment: ["PATH": dir.path])
    let finding = try #require(line("kubectl", in: lines))
    #expect(finding.detail.contains("not on PATH") || finding.detail.contains("no kubectl on PATH"))
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl") {
      #expect(finding.status == "warn")
      #expect(finding.fix?.contains("export PATH=") == true, "\(finding.fix ?? "")")
    } else {
      #expect(finding.status == "fail")
      #expect(finding.fix?.contains("install -m 0755 kubectl /usr/bin/kubectl") == true)
      #expect(outcome.status == 1)
    }
    #expect(line("python3-on-path", in: lines)?.status == "warn")
    #expect(line("workspace", in: lines)?.status == "warn", "no workspace is a warning")
    #expect(line("workspace", in: lines)?.fix?.contains("meta-agent init") == true)
  }

  @Test("a python3 on PATH other than /usr/bin/python3 is a warning naming both")
  func otherPythonOnPath() throws {
    let dir = URL(fileURLWithPath: "/tmp/meta-agent-doctor-\(UUID().uuidString.prefix(8))")
    let bin = dir.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    // A shim like pyenv's: a script in a directory of its own that runs the real interpreter.
    let shim = bin.appendingPathComponent("python3")
    try "#!/bin/sh\nexec /usr/bin/python3 \"$@\"\n".write(
      to: shim, atomically: true, encoding: .utf8)
    #expect(chmod(shim.path, 0o755) == 0)
    let (_, lines) = try doctorJSON(in: dir, environment: ["PATH": "\(bin.path):/usr/bin:/bin"])
    let finding = try #require(line("python3-on-path", in: lines))
    #expect(finding.status == "warn")
    #expect(finding.detail.contains(shim.path) && finding.detail.contains("/usr/bin/python3"))
    #expect(finding.fix?.contains("/usr/bin/python3") == true)
  }

  @Test("a kubeconfig is found and resolved without contacting its cluster")
  func kubeconfigOffline() throws {
    let dir = URL(fileURLWithPath: "/tmp/meta-agent-doctor-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let config = dir.appendingPathComponent("kubeconfig")
    // 192.0.2.1 is TEST-NET-1: contacting it would hang until the timeout, not answer.
    try labKubeconfig(server: "https://192.0.2.1:6443").write(
      to: config, atomically: true, encoding: .utf8)
    let started = Date()
    let (_, lines) = try doctorJSON(in: dir, environment: ["KUBECONFIG": config.path])
    #expect(Date().timeIntervalSince(started) < 20)
    let finding = try #require(line("kubeconfig", in: lines))
    #expect(finding.status == "ok")
    #expect(finding.detail.contains("context lab") && finding.detail.contains("192.0.2.1"))
    #expect(!finding.detail.contains("not-a-real-token"))
    #expect(line("cluster", in: lines) == nil, "no cluster line without --cluster")

    let missing = try doctorJSON(
      in: dir, environment: ["KUBECONFIG": dir.appendingPathComponent("none").path]
    ).lines
    #expect(line("kubeconfig", in: missing)?.status == "warn")
    #expect(line("kubeconfig", in: missing)?.fix?.contains("KUBECONFIG") == true)
  }

  @Test(
    "where user namespaces are refused, user-namespaces FAILs with the cause and the sysctl fix",
    .enabled(if: isLinux && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")))
  func refusedUserNamespaces() throws {
    // The limit is per user namespace: setting it to 0 in a new one (as its root)
    // refuses namespaces to doctor alone and changes nothing on the host.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
    process.arguments = [
      "--user", "--map-root-user", "/bin/sh", "-c",
      "echo 0 > /proc/sys/user/max_user_namespaces && exec \"$0\" doctor --json", binary.path,
    ]
    process.currentDirectoryURL = URL(fileURLWithPath: "/tmp")
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 1)
    let lines = try JSONDecoder().decode([DoctorLine].self, from: data)
    let finding = try #require(line("user-namespaces", in: lines))
    #expect(finding.status == "fail")
    #expect(finding.detail.contains("sandbox setup failed at clone"), "\(finding.detail)")
    #expect(finding.detail.contains("user.max_user_namespaces is 0"), "\(finding.detail)")
    #expect(finding.fix?.hasPrefix("sudo sysctl -w user.max_user_namespaces=") == true)
  }

  @Test("a python3 on PATH that never answers is reported within its timeout; doctor finishes")
  func hangingPython() throws {
    let dir = URL(fileURLWithPath: "/tmp/meta-agent-doctor-\(UUID().uuidString.prefix(8))")
    let bin = dir.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let shim = bin.appendingPathComponent("python3")
    try "#!/bin/sh\nexec sleep 60\n".write(to: shim, atomically: true, encoding: .utf8)
    #expect(chmod(shim.path, 0o755) == 0)
    let started = Date()
    let (_, lines) = try doctorJSON(in: dir, environment: ["PATH": "\(bin.path):/usr/bin:/bin"])
    #expect(Date().timeIntervalSince(started) < 30)
    let finding = try #require(line("python3-on-path", in: lines))
    #expect(finding.status == "warn")
    #expect(finding.detail.contains("did not answer within 5 s"), "\(finding.detail)")
  }

  @Test(
    "--cluster asks the cluster: an unreachable one is a FAIL with what to run",
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")))
  func unreachableCluster() throws {
    let dir = URL(fileURLWithPath: "/tmp/meta-agent-doctor-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let config = dir.appendingPathComponent("kubeconfig")
    // Port 1 on loopback: refused at once, nothing listens there.
    try labKubeconfig(server: "https://127.0.0.1:1").write(
      to: config, atomically: true, encoding: .utf8)
    let (outcome, lines) = try doctorJSON(
      in: dir, ["--cluster"],
      environment: ["KUBECONFIG": config.path, "PATH": "/usr/bin:/bin"])
    let finding = try #require(line("cluster", in: lines))
    #expect(finding.status == "fail")
    #expect(finding.detail.contains("127.0.0.1:1"), "\(finding.detail)")
    #expect(finding.fix?.contains("kubectl --context lab") == true, "\(finding.fix ?? "")")
    #expect(!outcome.stdout.contains("not-a-real-token"))
    #expect(outcome.status == 1)
  }

  @Test(
    "on a terminal the status is a coloured symbol; NO_COLOR turns it back into words",
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
  func terminalSymbols() throws {
    func onTerminal(_ environment: [String: String]) throws -> String {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
      process.arguments = ["-qec", "'\(binary.path)' doctor", "/dev/null"]
      process.currentDirectoryURL = URL(fileURLWithPath: "/tmp")
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
      let out = Pipe()
      process.standardOutput = out
      process.standardInput = FileHandle.nullDevice
      try process.run()
      let data = out.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      return String(decoding: data, as: UTF8.self)
    }
    let decorated = try onTerminal(["NO_COLOR": ""])
    #expect(decorated.contains("\u{1B}[32m✓\u{1B}[0m  user-namespaces"), "\(decorated)")
    #expect(decorated.contains("\u{1B}[33m!\u{1B}[0m  workspace"))
    let plain = try onTerminal(["NO_COLOR": "1"])
    #expect(plain.contains("ok    user-namespaces"), "\(plain)")
    #expect(!plain.contains("\u{1B}["))
  }

  @Test("--print-apparmor-profile prints a profile naming this binary's real path")
  func appArmorProfile() throws {
    let dir = URL(fileURLWithPath: "/tmp")
    let outcome = try metaAgent(["doctor", "--print-apparmor-profile"], in: dir)
    #expect(outcome.status == 0)
    #expect(outcome.stdout.contains("profile meta-agent \"\(binary.path)\" flags=(unconfined) {"))
    #expect(outcome.stdout.contains("  userns,"))
    let usage = try metaAgent(["doctor", "--print-apparmor-profile", "--json"], in: dir)
    #expect(usage.status == 2)
  }
}
