import Foundation

/// The kernel switches that decide whether an unprivileged process may create
/// a user namespace, which every sandbox starts with. nil means the kernel does
/// not have that switch (it then does not restrict anything).
public struct UserNamespaceSettings: Sendable, Equatable {
  /// kernel.unprivileged_userns_clone (Debian and older Ubuntu kernels): 0 forbids.
  public var unprivilegedUsernsClone: Int?
  /// user.max_user_namespaces: 0 forbids every new user namespace.
  public var maxUserNamespaces: Int?
  /// kernel.apparmor_restrict_unprivileged_userns (Ubuntu 23.10+): 1 denies
  /// unconfined programs the capabilities they would get in a new user namespace.
  public var apparmorRestrictUnprivilegedUserns: Int?

  public init(
    unprivilegedUsernsClone: Int? = nil, maxUserNamespaces: Int? = nil,
    apparmorRestrictUnprivilegedUserns: Int? = nil
  ) {
    self.unprivilegedUsernsClone = unprivilegedUsernsClone
    self.maxUserNamespaces = maxUserNamespaces
    self.apparmorRestrictUnprivilegedUserns = apparmorRestrictUnprivilegedUserns
  }

  /// Reads the three sysctls under `procRoot` (a fake tree in tests).
  public static func read(procRoot: String = "/proc") -> UserNamespaceSettings {
    func value(_ relative: String) -> Int? {
      guard let text = try? String(contentsOfFile: procRoot + "/" + relative, encoding: .utf8)
      else { return nil }
      return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    return UserNamespaceSettings(
      unprivilegedUsernsClone: value("sys/kernel/unprivileged_userns_clone"),
      maxUserNamespaces: value("sys/user/max_user_namespaces"),
      apparmorRestrictUnprivilegedUserns: value("sys/kernel/apparmor_restrict_unprivileged_userns"))
  }
}
