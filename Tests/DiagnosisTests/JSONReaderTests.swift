import Foundation
import Testing

@testable import Diagnosis

/// The engine reads cluster JSON with its own reader: it must accept exactly
/// what a JSON parser accepts, undo every escape, and refuse hostile input
/// with an error instead of a crash.
@Suite("JSON reader")
struct JSONReaderTests {
  /// Whether the reader takes `text` as one JSON document (any value).
  func accepts(_ text: String) -> Bool {
    accepts(Data(text.utf8))
  }

  func accepts(_ data: Data) -> Bool {
    (try? JSONReader.readDocument(data) { reader throws(JSONReadError) in try reader.skipValue() })
      != nil
  }

  /// Python's verdict on each document: its `json` module is strict (no trailing
  /// commas, unlike Foundation's parser), once NaN and Infinity are refused.
  func pythonAccepts(_ documents: [Data]) throws -> [Bool] {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("json-oracle-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for (index, document) in documents.enumerated() {
      try document.write(to: directory.appendingPathComponent("\(index)"))
    }
    let script = """
      import json, sys
      def refuse(name): raise ValueError(name)
      for i in range(int(sys.argv[2])):
          try:
              json.loads(open(sys.argv[1] + "/" + str(i), "rb").read(), parse_constant=refuse)
              print(1)
          except Exception:
              print(0)
      """
    let python = Process()
    python.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    python.arguments = ["-c", script, directory.path, String(documents.count)]
    let output = Pipe()
    python.standardOutput = output
    try python.run()
    let verdicts = output.fileHandleForReading.readDataToEndOfFile()
    python.waitUntilExit()
    return String(decoding: verdicts, as: UTF8.self).split(separator: "\n").map { $0 == "1" }
  }

  @Test(
    "valid JSON of every shape is accepted",
    arguments: [
      "{}", "[]", #""""#, "0", "-0", "12.5e-3", "1E+2", "true", "false", "null",
      #" { "a" : [ 1 , { "b" : null } ] , "c" : "d" } "#,
      #"["\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"]"#, "\n\t[\r\n]\n", "[\"é中😀\"]",
    ])
  func validJSON(text: String) throws {
    #expect(accepts(text))
    #expect(try pythonAccepts([Data(text.utf8)]) == [true])
  }

  @Test(
    "invalid JSON is refused",
    arguments: [
      "", " ", "{", "}", "[1,]", #"{"a":1,}"#, #"{"a"}"#, #"{"a":}"#, #"{a:1}"#, "{'a':1}",
      "01", "1.", ".5", "+1", "-", "1e", "1e+", "0x10", "NaN", "Infinity", "tru", "nul",
      "truex", "[1 2]", "{} {}", "{} x", #""abc"#, #""\x""#, #""\u12""#, #""\u12G4""#,
      "\"tab\there\"", "[1] // comment", "/* c */ 1",
    ])
  func invalidJSON(text: String) throws {
    #expect(!accepts(text))
    #expect(try pythonAccepts([Data(text.utf8)]) == [false])
  }

  @Test("bytes that are not UTF-8 inside a string are refused")
  func invalidUTF8() throws {
    let documents: [Data] = [
      [0x22, 0xC3, 0x22], [0x22, 0xC0, 0xAF, 0x22], [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],
      [0x22, 0x80, 0x22], [0x22, 0xE4, 0xB8, 0x22],
    ].map { Data($0) }
    // An encoded surrogate is not UTF-8 either (Python lets it pass, so it is checked alone).
    #expect(!accepts(Data([0x22, 0xED, 0xA0, 0x80, 0x22])))
    #expect(documents.map(accepts) == Array(repeating: false, count: documents.count))
    #expect(try pythonAccepts(documents) == Array(repeating: false, count: documents.count))
    #expect(accepts(Data([0x22, 0xE4, 0xB8, 0xAD, 0xF0, 0x9F, 0x98, 0x80, 0x22])))
  }

  @Test("a quote, escape, control or non-ASCII byte is seen at every offset of a long string")
  func everyOffset() throws {
    let cases: [(bytes: [UInt8], valid: Bool, text: String?)] = [
      (Array(#"\n"#.utf8), true, "\n"), ([0xC3, 0xA9], true, "é"), ([0x01], false, nil),
      ([0x1F], false, nil), ([0xC3], false, nil), ([0x22], false, nil), ([0x7F], true, "\u{7F}"),
    ]
    for (bytes, valid, text) in cases {
      for offset in 0..<24 {
        let inner =
          Array(repeating: UInt8(ascii: "a"), count: offset) + bytes
          + Array(repeating: UInt8(ascii: "b"), count: 24 - offset)
        let document = Data([ByteCode.quote] + inner + [ByteCode.quote])
        #expect(accepts(document) == valid, "\(bytes) at \(offset)")
        if let text {
          #expect(
            try String.read(document)
              == String(repeating: "a", count: offset) + text
              + String(repeating: "b", count: 24 - offset))
        }
      }
    }
  }

  @Test("escapes are undone, surrogate pairs joined, and a lone surrogate replaced")
  func escapes() throws {
    let text = #"["a\"b\\c\/d\n\t", "\u00e9\u4e2d\ud83d\ude00", "x\ud800y", "plain"]"#
    let strings = try [String].read(Data(text.utf8))
    #expect(strings == ["a\"b\\c/d\n\t", "é中😀", "x\u{FFFD}y", "plain"])
  }

  @Test("an escaped key matches the name it spells")
  func escapedKey() throws {
    let reference = try KubeLocalReference.read(Data(#"{"n\u0061me": "db"}"#.utf8))
    #expect(reference.name == "db")
  }

  @Test("whole numbers are read exactly; fractions and numbers beyond Int are refused as counts")
  func numbers() throws {
    #expect(try Int.read(Data("9223372036854775807".utf8)) == Int.max)
    #expect(try Int.read(Data("-9223372036854775808".utf8)) == Int.min)
    #expect(try Int.read(Data("3.0".utf8)) == 3)
    #expect(try Int.read(Data("2e3".utf8)) == 2000)
    for notWhole in ["9223372036854775808", "3.5", "1e300"] {
      #expect(
        failure { () throws(JSONReadError) in _ = try Int.read(Data(notWhole.utf8)) }
          == #": wrongType(expected: "a whole number")"#)
    }
    let resources = try KubeResources.read(
      Data(#"{"limits": {"cpu": 1.50, "memory": 1e3, "x": 7}}"#.utf8))
    #expect(resources.limits == ["cpu": "1.5", "memory": "1000.0", "x": "7"])
  }

  /// What went wrong and where, without the byte offset.
  func failure(_ read: () throws(JSONReadError) -> Void) -> String {
    do {
      try read()
      return "no error"
    } catch {
      return "\(error.pathText): \(error.problem)"
    }
  }

  @Test("a value of the wrong type, or null where a value is needed, is named by its path")
  func typeErrors() {
    #expect(
      failure { () throws(JSONReadError) in
        _ = try KubeOwnerReference.read(Data(#"{"kind": "ReplicaSet", "name": null}"#.utf8))
      } == #"name: null(expected: "a string")"#)
    #expect(
      failure { () throws(JSONReadError) in
        _ = try KubePodSpec.read(Data(#"{"containers": [{"name": "a"}, {"image": "b"}]}"#.utf8))
      } == "containers[1].name: missing")
    #expect(
      failure { () throws(JSONReadError) in
        _ = try KubePodSpec.read(Data(#"{"containers": {"name": "app"}}"#.utf8))
      } == #"containers: wrongType(expected: "a list")"#)
  }

  @Test("nesting 100,000 levels deep is refused with an error, not a crashed stack")
  func deepNesting() {
    let depth = 100_000
    let hostile = Data(
      (String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8)
    var data = ClusterData(source: "test")
    #expect(
      throws: DiagnosisInputError.notKubernetesJSON(
        source: "deep.json", problem: "nests deeper than 512 levels")
    ) {
      try data.addObjects(
        json: Data(#"{"kind": "Pod", "x": "#.utf8) + hostile + Data("}".utf8), source: "deep.json")
    }
    #expect(!accepts(hostile))
  }

  @Test("any cut or corruption of a real kubectl document gets the same verdict as Python's parser")
  func differential() throws {
    let file = ScenarioLoader.scenariosDirectory
      .appendingPathComponent("reference-oom-crashloop/events.json")
    let original = [UInt8](try Data(contentsOf: file))
    var generator = SystemRandomNumberGenerator()
    let replacements: [UInt8] = Array(#"{}[]",:\ 0-.eEtn"#.utf8) + [0x01, 0x7F, 0xC3, 0xA9]
    var mutants: [(what: String, data: Data)] = []
    for _ in 0..<600 {
      var bytes = original
      let at = Int.random(in: 0..<bytes.count, using: &generator)
      switch Int.random(in: 0..<3, using: &generator) {
      case 0:
        bytes = Array(bytes.prefix(at))
        mutants.append(("cut at \(at)", Data(bytes)))
      case 1:
        let byte = replacements.randomElement(using: &generator)!
        bytes[at] = byte
        mutants.append(("byte \(at) set to \(byte)", Data(bytes)))
      default:
        bytes.remove(at: at)
        mutants.append(("byte \(at) removed", Data(bytes)))
      }
    }
    let verdicts = try pythonAccepts(mutants.map(\.data))
    #expect(verdicts.count == mutants.count)
    let disagreements = zip(mutants, verdicts).filter { accepts($0.0.data) != $0.1 }.map {
      "\($0.0.what): python \($0.1 ? "accepts" : "refuses")"
    }
    #expect(disagreements.isEmpty, "\(disagreements)")
    #expect(verdicts.contains(true) && verdicts.contains(false), "both verdicts occur")
  }
}
