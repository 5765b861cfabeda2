import Foundation

/// One entry point for the CLI: the report in the format the user asked for.
public enum ReportRenderer {
  /// `color` only affects `.text`; Markdown and JSON never carry escape sequences.
  public static func render(_ report: DiagnosisReport, format: ReportFormat, color: Bool) -> String
  {
    switch format {
    case .text: TextReportRenderer(color: color).render(report)
    case .markdown: MarkdownReportRenderer.render(report)
    case .json: String(decoding: JSONReportRenderer.render(report), as: UTF8.self)
    }
  }
}
