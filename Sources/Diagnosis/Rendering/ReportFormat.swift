/// The forms a diagnosis report can be rendered in (`--output text|markdown|json`).
public enum ReportFormat: String, CaseIterable, Sendable, Codable {
  /// For a terminal: aligned tables, wrapped prose, ANSI colour when asked.
  case text
  /// For a pull request, an issue or a chat: GitHub-flavoured Markdown.
  case markdown
  /// For programs: the documented, stable schema in docs/diagnosis-schema.md.
  case json
}
