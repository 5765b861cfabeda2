import Testing

@testable import Sandbox

/// A profile that lints clean, with one part replaced or added per test.
private func profile(
  readOnly: String = "[/usr/bin/true]", filesystem: String = "",
  executables: String = "[/usr/bin/true]",
  allow: String = "[execve]", seccomp: String = "", extra: String = ""
) -> String {
  """
  name: t
  filesystem:
    read_only: \(readOnly)
  \(filesystem)executables: \(executables)
  seccomp:
    allow: \(allow)
  \(seccomp)\(extra)
  """
}

private let cleanBase = profile()

private func issues(_ yaml: String) -> [ProfileIssue] {
  ProfileLinter.lint(yaml: yaml, file: "t.yaml")
}

private func errors(_ yaml: String) -> [ProfileIssue] {
  issues(yaml).filter { $0.severity == .error }
}

private func warnings(_ yaml: String) -> [ProfileIssue] {
  issues(yaml).filter { $0.severity == .warning }
}

@Suite("Profile linter") struct ProfileLinterTests {
  @Test("the base profile of these tests lints clean") func cleanBaseIsClean() {
    #expect(issues(cleanBase).isEmpty)
  }

  @Test("parse errors are lint issues with their line") func parseErrorsAreIssues() {
    let found = issues("name: t\nnetwork: lan\n")
    #expect(found.count == 1)
    #expect(found.first?.severity == .error)
    #expect(found.first?.line == 2)
  }

  @Test(
    "each dangerous setting is an error without an acknowledgement",
    arguments: [
      (profile(extra: "capabilities: [CAP_NET_RAW]\n"), "CAP_NET_RAW", "capabilities[0]"),
      (profile(allow: "[execve, ptrace]"), "ptrace", "seccomp.allow[1]"),
      (profile(allow: "[execve, io_uring_setup]"), "io_uring_setup", "seccomp.allow[1]"),
      (profile(filesystem: "  writable: [/srv/data]\n"), "/srv/data", "filesystem.writable[0]"),
      (
        profile(extra: "environment:\n  pass: [LANG, AWS_SECRET_ACCESS_KEY]\n"),
        "AWS_SECRET_ACCESS_KEY",
        "environment.pass[1]"
      ),
      (profile(extra: "environment:\n  pass: [KUBECONFIG]\n"), "KUBECONFIG", "environment.pass[0]"),
      (
        profile(extra: "environment:\n  set: { GITHUB_TOKEN: abc }\n"), "GITHUB_TOKEN",
        "environment.set.GITHUB_TOKEN"
      ),
      (profile(readOnly: "[/usr/bin/true, /home]"), "/home", "filesystem.read_only[1]"),
    ])
  func dangerousSetting(yaml: String, item: String, field: String) {
    let unacknowledged = errors(yaml)
    #expect(unacknowledged.count == 1, "\(unacknowledged)")
    #expect(unacknowledged.first?.field == field)
    #expect(unacknowledged.first?.line != nil)
    #expect(unacknowledged.first?.fix.contains("acknowledge") == true)

    let acknowledged = yaml + "acknowledge:\n  \"\(item)\": \"needed for the test\"\n"
    #expect(issues(acknowledged).isEmpty, "\(issues(acknowledged))")

    let withoutReason = yaml + "acknowledge:\n  \"\(item)\": \"  \"\n"
    #expect(errors(withoutReason).map(\.field) == ["acknowledge.\(item)"])
  }

  @Test("an acknowledgement of something the profile does not do is a stale warning")
  func staleAcknowledgement() {
    let found = issues(cleanBase + "acknowledge:\n  ptrace: old reason\n")
    #expect(found.count == 1)
    #expect(found.first?.severity == .warning)
    #expect(found.first?.field == "acknowledge.ptrace")
    #expect(found.first?.line == 8)
  }

  @Test("an executable outside the read-only binds is an error") func executableNotBound() {
    let found = errors(profile(readOnly: "[/usr/lib]", executables: "[/usr/bin/env]"))
    #expect(found.map(\.field) == ["executables[0]"])
    #expect(found.first?.line == 4)
    #expect(found.first?.message.contains("would not exist inside") == true)
    #expect(errors(profile(readOnly: "[/usr/bin]", executables: "[/usr/bin/env]")).isEmpty)
    let onTmpfs = errors(profile(executables: "[/tmp/x]"))
    #expect(onTmpfs.first?.message.contains("writable mount") == true)
  }

  @Test("a working directory outside every mount is an error") func workingDirectory() {
    let found = errors(profile(filesystem: "  working_directory: /srv\n"))
    #expect(found.map(\.field) == ["filesystem.working_directory"])
    #expect(found.first?.line == 4)
    #expect(errors(profile(filesystem: "  working_directory: /tmp/work\n")).isEmpty)
  }

  @Test(
    "limits of 0 or past any sense are warnings",
    arguments: [
      "limits:\n  processes: 0\n", "limits:\n  memory: 0\n", "limits:\n  wall_time: 48h\n",
      "limits:\n  memory: 128GiB\n", "limits:\n  open_files: 5000000\n",
      "limits:\n  memory: 1MiB\n",
    ])
  func oddLimits(setting: String) {
    let found = issues(profile(extra: setting))
    #expect(found.count == 1)
    #expect(found.first?.severity == .warning)
    #expect(found.first?.field.hasPrefix("limits.") == true)
  }

  @Test("a network mode without inet sockets is an error that says to add inet")
  func networkWithoutInet() {
    let found = errors(profile(extra: "network: loopback\n"))
    #expect(found.map(\.field) == ["network"])
    #expect(found.first?.fix == "add inet to seccomp.socket_families")
    let fixed = profile(seccomp: "  socket_families: [inet]\n", extra: "network: loopback\n")
    #expect(issues(fixed).isEmpty)
    let inetWithoutNetwork = profile(seccomp: "  socket_families: [inet6]\n")
    #expect(warnings(inetWithoutNetwork).map(\.field) == ["seccomp.socket_families"])
  }

  @Test("default_action errno is a warning preferring kill-process") func errnoDefault() {
    let found = issues(profile(seccomp: "  default_action: errno\n"))
    #expect(found.map(\.severity) == [.warning])
    #expect(found.first?.fix.contains("kill-process") == true)
  }

  @Test("a profile that does not allow execve could not start its program") func execveMissing() {
    #expect(errors(profile(allow: "[\"@default\"]")).map(\.field) == ["seccomp.allow"])
    #expect(errors(profile(allow: "[\"@process\"]")).isEmpty)
  }

  @Test("a syscall both listed and answered is an error; a group carve-out is fine")
  func allowAndErrno() {
    let listed = profile(allow: "[execve, vfork]", seccomp: "  errno: { vfork: ENOSYS }\n")
    #expect(errors(listed).map(\.field) == ["seccomp.errno.vfork"])
    let carved = profile(allow: "[\"@process\"]", seccomp: "  errno: { vfork: ENOSYS }\n")
    #expect(issues(carved).isEmpty)
  }

  @Test("redundant and duplicate syscall entries are warnings") func redundantEntries() {
    let found = warnings(profile(allow: "[\"@process\", execve, read, read]"))
    #expect(found.map(\.field) == ["seccomp.allow[1]", "seccomp.allow[3]"])
  }

  @Test("two mounts at one place are an error") func duplicateMount() {
    let found = errors(profile(readOnly: "[/usr/bin/true, /tmp]"))
    #expect(found.map(\.field) == ["filesystem.tmpfs[0]"])
  }

  @Test("warnings render with their severity") func warningRendering() {
    let issue = ProfileIssue(
      .warning, file: "p.yaml", line: 3, field: "limits.memory", message: "m", fix: "f")
    #expect(issue.description == "p.yaml:3: limits.memory: warning: m (fix: f)")
  }

  @Test(
    "secret-looking variable names are recognised",
    arguments: [
      ("AWS_ACCESS_KEY_ID", true), ("GITHUB_TOKEN", true), ("DB_PASSWORD", true), ("API_KEY", true),
      ("SSH_AUTH_SOCK", true), ("GOOGLE_APPLICATION_CREDENTIALS", true), ("my_secret", true),
      ("LANG", false), ("TERM", false), ("PATH", false), ("KEYBOARD", false),
    ])
  func secretNames(name: String, secret: Bool) {
    #expect(ProfileLinter.looksSecret(name) == secret)
  }

  @Test(
    "every shipped profile lints with no errors and no warnings",
    arguments: ShippedProfiles.all.keys.sorted())
  func shippedProfilesLintClean(name: String) {
    let found = ProfileLinter.lint(yaml: ShippedProfiles.all[name] ?? "", file: "\(name).yaml")
    #expect(found.isEmpty, "\(found)")
  }

  @Test("the effective policy expands groups, names their source and adds launcher rules")
  func effectivePolicy() throws {
    let profile = try ProfileLoader.parse(
      yaml: ShippedProfiles.all["kubectl-readonly"] ?? "", file: "kubectl-readonly.yaml")
    let policy = EffectivePolicy(profile, origin: "shipped:kubectl-readonly")
    #expect(policy.seccomp.allowed.first { $0.name == "futex" }?.from == ["@default"])
    #expect(policy.seccomp.allowed.first { $0.name == "clone" }?.from == ["listed"])
    #expect(
      policy.seccomp.errno.contains(
        .init(syscall: "clone3", errno: "ENOSYS", from: "launcher default")))
    #expect(policy.seccomp.conditions.count == 3)
    #expect(policy.limits.first { $0.name == "memory" }?.value == "1.5GiB")
  }
}
