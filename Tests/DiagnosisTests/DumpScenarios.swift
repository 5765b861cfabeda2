import Diagnosis
import Foundation
import Testing

@Test("dump", .enabled(if: ProcessInfo.processInfo.environment["DIAGNOSIS_DUMP"] != nil))
func dumpScenarios() throws {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  for name in ScenarioLoader.names {
    let report = try ScenarioLoader.diagnose(name)
    let text = String(decoding: try encoder.encode(report), as: UTF8.self)
    try text.write(toFile: "/tmp/diag-dump/\(name).json", atomically: true, encoding: .utf8)
  }
}
