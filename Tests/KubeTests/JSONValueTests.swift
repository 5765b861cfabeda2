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

  @Test(
    "the parser refuses what is not strict JSON",
    arguments: [
      "", " ", "{", "[1,]", #"{"a":1,}"#, #"{"a"}"#, "{a:1}", "01", "1.", ".5", "+1", "-", "1e",
      "NaN", "tru", "nul", "[1 2]", "{} {}", #""abc"#, #""\x""#, #""\u12""#, "\"tab\there\"",
      "[1] // c",
    ])
  func refusesInvalid(text: String) {
    #expect(throws: (any Error).self) { try JSONValue.parse(json: Data(text.utf8)) }
  }

  @Test("the parser reads escapes, surrogate pairs, numbers and nesting as JSONSerialization does")
  func parsesLikeFoundation() throws {
    let text = #"""
      {"s": "a\"b\\c\/d\n\u00e9\ud83d\ude00", "i": -9223372036854775808, "big": 9223372036854775808,
       "f": 0.5, "e": 1e3, "z": -0, "t": true, "n": null, "l": [[], {}, [1, [2, [3]]]], "u": "中"}
      """#
    let value = try JSONValue.parse(json: Data(text.utf8))
    #expect(value["s"] == .string("a\"b\\c/d\né😀"))
    #expect(value["i"] == .integer(Int64.min) && value["big"] == .double(9_223_372_036_854_775_808))
    #expect(value["f"] == .double(0.5) && value["e"] == .double(1000) && value["z"] == .integer(0))
    #expect(value["t"] == .bool(true) && value["n"] == .null && value["u"] == .string("中"))
    let foundation = try JSONSerialization.jsonObject(with: value.jsonData()) as? NSDictionary
    let original = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary
    #expect(foundation == original)
  }

  @Test("bytes that are not UTF-8 and 100,000 nested arrays are errors, not crashes")
  func hostileInput() {
    for bytes: [UInt8] in [
      [0x22, 0xC3, 0x22], [0x22, 0xFF, 0x22], [0x22, 0x5C, 0x6E, 0xC3, 0x22],
    ] {
      #expect(throws: (any Error).self) { try JSONValue.parse(json: Data(bytes)) }
    }
    let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    #expect(throws: (any Error).self) { try JSONValue.parse(json: Data(deep.utf8)) }
  }
}
