import Foundation
import Sandbox
import Testing

/// The explanation doctor prints when a sandbox cannot get a user namespace,
/// worked out from the kernel switches (read here from a fake /proc).
@Suite("doctor: why user namespaces are refused")
struct DoctorUserNamespaceTests {
  /// A fake /proc holding only the given sysctl files; removed by the caller.
  static func fakeProc(_ values: [String: String]) throws -> URL {
    let root = URL(fileURLWithPath: "/tmp/meta-agent-fakeproc-\(UUID().uuidString.prefix(8))")
    for (relative, value) in values {
      let file = root.appendingPathComponent(relative)
      try FileManager.default.createDirectory(
        at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
      try value.write(to: file, atomically: true, encoding: .utf8)
    }
    return root
  }

  static let binary = "/opt/meta agent/bin/meta-agent"

  @Test("Ubuntu's AppArmor restriction: a profile naming the binary, then the sysctl as less safe")
  func appArmor() throws {
    let proc = try Self.fakeProc([
      "sys/kernel/apparmor_restrict_unprivileged_userns": "1\n",
      "sys/user/max_user_namespaces": "63936\n",
    ])
    defer { try? FileManager.default.removeItem(at: proc) }
    let settings = UserNamespaceSettings.read(procRoot: proc.path)
    #expect(
      settings
        == UserNamespaceSettings(maxUserNamespaces: 63936, apparmorRestrictUnprivilegedUserns: 1))
    let remedy = UserNamespaceRemedy.explain(
      settings: settings, executable: Self.binary, isRoot: false)
    #expect(remedy.forbiddenBySwitch)
    #expect(remedy.cause.contains("kernel.apparmor_restrict_unprivileged_userns is 1"))
    #expect(remedy.fix.contains("profile meta-agent \"\(Self.binary)\" flags=(unconfined) {"))
    #expect(remedy.fix.contains("userns,"))
    #expect(remedy.fix.contains("sudo apparmor_parser -r /etc/apparmor.d/meta-agent"))
    #expect(remedy.fix.contains("sudo tee /etc/apparmor.d/meta-agent"))
    let profileAt = try #require(remedy.fix.range(of: "apparmor_parser"))
    let sysctlAt = try #require(
      remedy.fix.range(of: "sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0"))
    #expect(profileAt.lowerBound < sysctlAt.lowerBound, "the profile is offered first")
    #expect(remedy.fix.contains("less safe"))
  }

  @Test("the AppArmor profile is a complete file: abi, include, the binary and userns")
  func appArmorProfileText() {
    let profile = UserNamespaceRemedy.appArmorProfile(executable: Self.binary)
    let lines = profile.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    #expect(lines.contains("abi <abi/4.0>,"))
    #expect(lines.contains("include <tunables/global>"))
    #expect(lines.contains("profile meta-agent \"\(Self.binary)\" flags=(unconfined) {"))
    #expect(lines.contains("userns,"))
    #expect(lines.last == "}")
  }

  @Test("Debian's switch and a zero namespace limit each name their sysctl")
  func debianAndLimit() throws {
    let proc = try Self.fakeProc([
      "sys/kernel/unprivileged_userns_clone": "0", "sys/user/max_user_namespaces": "0",
    ])
    defer { try? FileManager.default.removeItem(at: proc) }
    let remedy = UserNamespaceRemedy.explain(
      settings: .read(procRoot: proc.path), executable: Self.binary, isRoot: false)
    #expect(remedy.forbiddenBySwitch)
    #expect(remedy.cause.contains("kernel.unprivileged_userns_clone is 0"))
    #expect(remedy.cause.contains("user.max_user_namespaces is 0"))
    #expect(remedy.fix.contains("sudo sysctl -w kernel.unprivileged_userns_clone=1"))
    #expect(remedy.fix.contains("sudo sysctl -w user.max_user_namespaces=15000"))
    #expect(remedy.fix.contains("/etc/sysctl.d/"), "the fix survives a reboot")
    #expect(!remedy.fix.contains("apparmor"))
  }

  @Test("root is not bound by the unprivileged-only switches, only by the limit")
  func root() {
    let restricted = UserNamespaceSettings(
      unprivilegedUsernsClone: 0, maxUserNamespaces: 100, apparmorRestrictUnprivilegedUserns: 1)
    let remedy = UserNamespaceRemedy.explain(
      settings: restricted, executable: Self.binary, isRoot: true)
    #expect(!remedy.forbiddenBySwitch)
    var limited = restricted
    limited.maxUserNamespaces = 0
    #expect(
      UserNamespaceRemedy.explain(settings: limited, executable: Self.binary, isRoot: true)
        .forbiddenBySwitch)
  }

  @Test("no switch forbids it: the cause is looked for around meta-agent, values shown")
  func noSwitch() throws {
    let proc = try Self.fakeProc(["sys/user/max_user_namespaces": "15000"])
    defer { try? FileManager.default.removeItem(at: proc) }
    let settings = UserNamespaceSettings.read(procRoot: proc.path)
    #expect(settings.unprivilegedUsernsClone == nil)
    #expect(settings.apparmorRestrictUnprivilegedUserns == nil)
    let remedy = UserNamespaceRemedy.explain(
      settings: settings, executable: Self.binary, isRoot: false)
    #expect(!remedy.forbiddenBySwitch)
    #expect(remedy.cause.contains("user.max_user_namespaces=15000"))
    #expect(remedy.cause.contains("kernel.apparmor_restrict_unprivileged_userns=absent"))
    #expect(remedy.fix.contains("seccomp"))
  }
}
