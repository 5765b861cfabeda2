import Foundation
import Testing

@testable import Agent

@Suite("The demo's built-in scenario")
struct DemoScenarioTests {
  @Test("is byte for byte the reference capture (run scripts/sync-demo-scenario after editing it)")
  func matchesTheFixture() throws {
    let root = Scenarios.directory("reference-oom-crashloop")
    let enumerator = try #require(FileManager.default.enumerator(atPath: root.path))
    var onDisk: [String: String] = [:]
    while let path = enumerator.nextObject() as? String {
      var isDirectory: ObjCBool = false
      let url = root.appendingPathComponent(path)
      guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
        !isDirectory.boolValue
      else { continue }
      onDisk[path] = try String(contentsOf: url, encoding: .utf8)
    }
    #expect(Set(onDisk.keys) == Set(DemoScenario.files.keys))
    for (path, text) in onDisk {
      #expect(DemoScenario.files[path] == text, "\(path) differs; run scripts/sync-demo-scenario")
    }
  }

  @Test("writes a capture the replay cluster loads")
  func writesACapture() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("demo-capture-\(UUID().uuidString.prefix(8))")
    defer { try? FileManager.default.removeItem(at: directory) }
    try DemoScenario.write(to: directory)
    let data = try CaptureInput.load(directory)
    #expect(data.logs.count == 9)
  }
}
