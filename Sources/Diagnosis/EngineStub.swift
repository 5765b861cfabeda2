import Foundation

// STUB so the renderers and the benchmark compile before the real engine lands;
// the integrator drops this file in favour of Input/ and DiagnosisEngine.swift.

extension ClusterData {
  public mutating func addObjects(json: Data, source: String) throws {}
}

public enum DiagnosisEngine {
  public static func diagnose(_ data: ClusterData, namespace: String? = nil) -> DiagnosisReport {
    DiagnosisReport(
      scope: DiagnosisScope(
        namespace: namespace, pods: 0, events: 0, logs: data.logs.count, source: data.source),
      healthy: true, summary: "No analyzers yet (engine stub).", pods: [], findings: [])
  }
}
