import Foundation
extension ClusterData {
  public mutating func addObjects(json: Data, source: String) throws {}
  public mutating func addToolEvents(json: Data, namespace: String?, source: String) throws {}
}
public enum DiagnosisEngine {
  public static func diagnose(_ data: ClusterData, namespace: String? = nil) -> DiagnosisReport {
    DiagnosisReport(scope: DiagnosisScope(namespace: namespace, pods: 0, events: 0, logs: data.logs.count, source: data.source), healthy: true, summary: "stub", pods: [], findings: [])
  }
}
