/// Finds secrets among the resources named on a get or describe command line,
/// in every spelling kubectl accepts: `secret`, `Secrets`, `secrets.v1.`,
/// `pods,secrets`, `secret/x`.
enum SecretResourceRule {
  /// The first secret-like resource type among `arguments`, as written.
  static func firstSecret(in arguments: [String]) -> String? {
    for (position, argument) in arguments.enumerated() {
      // Later bare words are object names ("get pods secret" is a pod named secret).
      guard position == 0 || argument.contains("/") else { continue }
      let types = String(argument.prefix { $0 != "/" })
      for type in types.split(separator: ",") where isSecret(type) {
        return String(type)
      }
    }
    return nil
  }

  /// True for "secret" or "secrets", with any case and any `.version.group` suffix.
  static func isSecret(_ type: Substring) -> Bool {
    let resource = type.prefix { $0 != "." }.lowercased()
    return resource == "secret" || resource == "secrets"
  }
}
