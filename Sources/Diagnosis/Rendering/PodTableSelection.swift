/// Which pods a human-readable report lists: all of them when there are few,
/// unhealthy ones first; with many, only the unhealthy ones and a count of the rest.
struct PodTableSelection {
  /// Up to this many pods, every pod gets a row.
  static let fullTableLimit = 25
  /// With more pods than `fullTableLimit`, at most this many unhealthy rows.
  static let unhealthyRowLimit = 50

  let rows: [PodStatusRow]
  let hiddenHealthy: Int
  let hiddenUnhealthy: Int
  /// True when the pods span several namespaces, or the scope is all of them.
  let showsNamespace: Bool

  init(report: DiagnosisReport) {
    let unhealthy = report.pods.filter(\.unhealthy)
    let healthy = report.pods.filter { !$0.unhealthy }
    if report.pods.count <= Self.fullTableLimit {
      rows = unhealthy + healthy
      hiddenHealthy = 0
      hiddenUnhealthy = 0
    } else {
      rows = Array(unhealthy.prefix(Self.unhealthyRowLimit))
      hiddenHealthy = healthy.count
      hiddenUnhealthy = unhealthy.count - rows.count
    }
    let namespaces = Set(report.pods.map(\.namespace))
    showsNamespace = report.scope.namespace == nil || namespaces.count > 1
  }

  /// "Not listed: 9,500 healthy pods (...)", or nil when every pod has a row.
  var omissionNote: String? {
    var parts: [String] = []
    if hiddenUnhealthy > 0 {
      parts.append(ReportWording.count(hiddenUnhealthy, "more unhealthy pod"))
    }
    if hiddenHealthy > 0 {
      parts.append(
        ReportWording.count(hiddenHealthy, "healthy pod") + " (running and ready, or completed)")
    }
    guard !parts.isEmpty else { return nil }
    return "Not listed: " + parts.joined(separator: ", ") + "."
  }
}
