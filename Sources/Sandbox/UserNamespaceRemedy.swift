/// Why this host refused a user namespace and how to allow one for meta-agent,
/// worked out from the kernel switches alone so it can be tested with any values.
public struct UserNamespaceRemedy: Sendable, Equatable {
  /// The cause in one line, naming the switch and its value.
  public let cause: String
  /// The commands (and for AppArmor the file) that fix it; several lines.
  public let fix: String
  /// True when a kernel switch forbids the namespace; false when the cause lies elsewhere.
  public let forbiddenBySwitch: Bool

  init(forbiddenBySwitch: Bool, cause: String, fix: String) {
    self.forbiddenBySwitch = forbiddenBySwitch
    self.cause = cause
    self.fix = fix
  }

  /// Where the AppArmor profile goes, and the name it loads under.
  public static let appArmorProfilePath = "/etc/apparmor.d/meta-agent"

  /// - Parameters:
  ///   - settings: the sysctl values read from /proc.
  ///   - executable: the real path of the meta-agent binary, which the AppArmor profile names.
  ///   - isRoot: root (CAP_SYS_ADMIN) is not subject to the unprivileged-only switches.
  public static func explain(
    settings: UserNamespaceSettings, executable: String, isRoot: Bool
  ) -> UserNamespaceRemedy {
    var causes: [String] = []
    var fixes: [String] = []
    if settings.maxUserNamespaces == 0 {
      causes.append("user.max_user_namespaces is 0, so no process may create a user namespace")
      fixes.append(
        persistentSysctl("user.max_user_namespaces", "15000")
          + "\n  (any limit above 0 works; each sandbox uses one namespace while it runs)")
    }
    if !isRoot, settings.unprivilegedUsernsClone == 0 {
      causes.append(
        "kernel.unprivileged_userns_clone is 0 (Debian's switch), so only root may create user namespaces"
      )
      fixes.append(persistentSysctl("kernel.unprivileged_userns_clone", "1"))
    }
    if !isRoot, settings.apparmorRestrictUnprivilegedUserns == 1 {
      causes.append(
        "kernel.apparmor_restrict_unprivileged_userns is 1 (Ubuntu 23.10+), so AppArmor denies "
          + "user namespaces to programs without a profile that allows them")
      fixes.append(appArmorFix(executable: executable))
    }
    if causes.isEmpty {
      return UserNamespaceRemedy(
        forbiddenBySwitch: false,
        cause:
          "no kernel switch forbids it (\(describe(settings))); a container or seccomp policy "
          + "around meta-agent most likely blocks unshare/clone with CLONE_NEWUSER "
          + "(Docker's default seccomp profile does)",
        fix: """
          run meta-agent on the host or in a VM, or start its container with a seccomp profile that
          allows unshare and clone with CLONE_NEWUSER (docker/podman run --security-opt seccomp=...);
          then run `meta-agent doctor` again
          """)
    }
    return UserNamespaceRemedy(
      forbiddenBySwitch: true, cause: causes.joined(separator: "; "),
      fix: fixes.joined(separator: "\n"))
  }

  /// The AppArmor profile that lets exactly this binary create user namespaces;
  /// `flags=(unconfined)` keeps everything else as it was.
  public static func appArmorProfile(executable: String) -> String {
    """
    # meta-agent: allow its sandbox to create user namespaces (Ubuntu 23.10+).
    # Names the binary by its real path; write it again if the binary moves.
    abi <abi/4.0>,
    include <tunables/global>

    profile meta-agent "\(executable)" flags=(unconfined) {
      userns,

      include if exists <local/meta-agent>
    }

    """
  }

  private static func appArmorFix(executable: String) -> String {
    let path = appArmorProfilePath
    let content = appArmorProfile(executable: executable).split(
      separator: "\n", omittingEmptySubsequences: false
    ).dropLast().map { $0.isEmpty ? "" : "    " + $0 }
    return """
      allow meta-agent alone with an AppArmor profile (recommended):
        \(executable) doctor --print-apparmor-profile | sudo tee \(path) >/dev/null
        sudo apparmor_parser -r \(path)
      which writes \(path) as:
      \(content.joined(separator: "\n"))
      or, less safe, lift the restriction for every program on the host:
        sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0
        (this exposes kernel code reachable only through user namespaces, a frequent source of
        privilege escalations, to every local program; the profile allows meta-agent alone)
      """
  }

  /// Setting a sysctl now and keeping it across reboots.
  private static func persistentSysctl(_ name: String, _ value: String) -> String {
    """
    sudo sysctl -w \(name)=\(value)
      echo '\(name) = \(value)' | sudo tee /etc/sysctl.d/90-meta-agent-userns.conf   # keep it after a reboot
    """
  }

  private static func describe(_ settings: UserNamespaceSettings) -> String {
    func text(_ value: Int?) -> String { value.map(String.init) ?? "absent" }
    return "user.max_user_namespaces=\(text(settings.maxUserNamespaces)), "
      + "kernel.unprivileged_userns_clone=\(text(settings.unprivilegedUsernsClone)), "
      + "kernel.apparmor_restrict_unprivileged_userns="
      + text(settings.apparmorRestrictUnprivilegedUserns)
  }
}
