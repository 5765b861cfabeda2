import Foundation

/// Reads Node conditions: NotReady nodes and nodes under memory, disk or PID pressure.
enum NodeAnalyzer {
  static func symptoms(_ index: ClusterIndex) -> [Symptom] {
    var symptoms: [Symptom] = []
    for node in index.nodes {
      let reference = ObjectReference(kind: "Node", namespace: nil, name: node.name)
      let source = "node \(node.name) status.conditions (\(node.source))"
      if let ready = node.condition("Ready"), ready.status != "True" {
        symptoms.append(
          Symptom(
            kind: .nodeNotReady, severity: .critical, subject: reference, cause: .pending,
            evidence: [
              Evidence(
                fact: "node \(node.name) is NotReady (\(ready.reason ?? "no reason"))",
                source: source, excerpt: ready.message.map { [$0] } ?? [])
            ]))
      }
      let pressure = ["MemoryPressure", "DiskPressure", "PIDPressure"].filter {
        node.condition($0)?.status == "True"
      }
      if !pressure.isEmpty {
        symptoms.append(
          Symptom(
            kind: .nodePressure, severity: .warning, subject: reference, cause: .pending,
            evidence: [
              Evidence(
                fact: "node \(node.name) reports \(pressure.joined(separator: ", "))",
                source: source)
            ]))
      }
    }
    return symptoms
  }
}
