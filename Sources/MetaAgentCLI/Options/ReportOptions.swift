import ArgumentParser
import Diagnosis
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

extension ReportFormat: ExpressibleByArgument {}

/// `--output text|markdown|json`, shared by run, resume, diagnose and demo.
struct ReportOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "How to print the diagnosis: text (colour on a terminal unless NO_COLOR is set), "
        + "markdown, or json (the stable schema of docs/diagnosis-schema.md).",
      valueName: "FORMAT"))
  var output: ReportFormat = .text

  /// Colour only for text on a terminal, and never with NO_COLOR (no-color.org).
  var color: Bool {
    output == .text && isatty(STDOUT_FILENO) == 1
      && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
      && ProcessInfo.processInfo.environment["TERM"] != "dumb"
  }

  func render(_ report: DiagnosisReport) -> String {
    ReportRenderer.render(report, format: output, color: color)
  }
}
