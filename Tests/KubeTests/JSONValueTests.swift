import Foundation
import Testing

@testable import Kube

/// The replay cluster writes its answers with its own compact JSON writer; kubectl
/// must read back exactly what the capture held.
@Suite("Replay JSON writer")
struct JSONValueTests {
  @Test("every object of every scenario reads back the same after writing, keys sorted")
  func scenariosRoundTrip() throws {
    let root = Scenarios.directory("reference-oom-crashloop").deletingLastPathComponent()
    let files =
      FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
      .compactMap { $0 as? URL }.filter { $0.pathExtension == "json" } ?? []
    #expect(files.count > 20)
    for file in files {
      let value = try JSONValue.parse(json: Data(contentsOf: file))
      let written = value.jsonData()
      #expect(try JSONValue.parse(json: written) == value, "\(file.lastPathComponent)")
      #expect(try JSONSerialization.jsonObject(with: written) is [String: Any])
    }
  }

  @Test("quotes, backslashes, control characters, slashes and non-ASCII text survive")
  func hostileStrings() throws {
    let strings = [
      "\"quoted\"", "back\\slash", "line\nbreak\r\t", "\u{0}\u{1}\u{1F}\u{7F}", "a/b</script>",
      "é中😀", "\u{202E}rtl", "",
    ]
    let value: JSONValue = .object(
      Dictionary(
        uniqueKeysWithValues: strings.enumerated().map {
          ("k\($0.offset)\($0.element)", .string($0.element))
        }))
    let written = value.jsonData()
    #expect(try JSONValue.parse(json: written) == value)
    let decoded = try #require(try JSONSerialization.jsonObject(with: written) as? [String: String])
    #expect(Set(decoded.values) == Set(strings))
    let text = String(decoding: written, as: UTF8.self)
    #expect(text.hasPrefix(#"{"k0\"quoted\"":"#), "keys sorted, escaped: \(text.prefix(40))")
    #expect(!text.contains("\n") && text.contains(#"\u0000\u0001\u001f"#))
  }

  @Test("numbers: integers stay whole, fractions keep their value")
  func numbers() throws {
    let value: JSONValue = [
      "a": .integer(Int64.max), "b": .integer(-7), "c": .double(0.5), "d": .double(1e-7),
      "e": .bool(true), "f": .null, "g": [1, 2],
    ]
    #expect(try JSONValue.parse(json: value.jsonData()) == value)
  }
}
