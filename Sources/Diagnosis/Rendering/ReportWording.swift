/// Phrases the text and Markdown reports share, so both say the same thing.
enum ReportWording {
  /// Said once above the recommendations: the agent is read-only by design.
  static let notApplied =
    "meta-agent only reads the cluster and never runs or applies any of these itself;"
    + " review them and run them yourself if they fit."

  /// "1 pod", "9,500 pods".
  static func count(_ value: Int, _ noun: String) -> String {
    "\(grouped(value)) \(noun)\(value == 1 ? "" : "s")"
  }

  /// 12345 -> "12,345", without depending on the process locale.
  static func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
      result.append(digit)
    }
    return (value < 0 ? "-" : "") + result
  }

  /// "namespace production" or "all namespaces".
  static func scopeName(_ scope: DiagnosisScope) -> String {
    scope.namespace.map { "namespace \(UntrustedText.singleLine($0))" } ?? "all namespaces"
  }

  /// "3 pods, 33 events, 6 container logs".
  static func inputCounts(_ scope: DiagnosisScope) -> String {
    [
      count(scope.pods, "pod"), count(scope.events, "event"), count(scope.logs, "container log"),
    ].joined(separator: ", ")
  }

  /// "1 critical, 2 warning, 1 info finding(s)", or "no findings".
  static func findingCounts(_ findings: [Finding]) -> String {
    guard !findings.isEmpty else { return "no findings" }
    let parts = Severity.allCases.compactMap { severity -> String? in
      let number = findings.filter { $0.severity == severity }.count
      return number == 0 ? nil : "\(grouped(number)) \(severity.rawValue)"
    }
    return parts.joined(separator: ", ") + (findings.count == 1 ? " finding" : " findings")
  }

  /// Healthy as the engine says, unless a critical or warning finding says
  /// otherwise: a report never reads as healthy over a real problem.
  static func isHealthy(_ report: DiagnosisReport) -> Bool {
    report.healthy && !report.findings.contains { $0.severity != .info }
  }

  /// `kubectl get`-style text for a missing value.
  static let none = "-"
}
