/// What a request asks for, as the classifier reads it.
public enum Intent: String, Codable, Sendable, CaseIterable {
  /// Find out why something is broken: crashes, errors, logs, "why".
  case diagnosis
  /// Ask for information: list, show, how many, status.
  case query
  /// Change live objects: restart, scale, patch, edit, exec, label...
  case change
  /// Ship or roll back software: deploy, install, upgrade, rollback.
  case deploy
  /// Remove objects: delete, remove, kill, evict.
  case delete
  /// Nothing the classifier recognises.
  case unknown
}
