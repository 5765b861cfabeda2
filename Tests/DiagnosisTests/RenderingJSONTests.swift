import Diagnosis
import Foundation
import Testing

@Suite("JSON report")
struct RenderingJSONTests {
  static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  let data = JSONReportRenderer.render(RenderingFixtures.referenceScenario)

  /// Every field path in a JSON value: `findings[].evidence[].excerpt`.
  static func fieldPaths(_ value: Any, prefix: String = "") -> Set<String> {
    var paths: Set<String> = []
    if let object = value as? [String: Any] {
      for (key, child) in object {
        let path = prefix.isEmpty ? key : prefix + "." + key
        paths.insert(path)
        paths.formUnion(fieldPaths(child, prefix: path))
      }
    } else if let array = value as? [Any] {
      for element in array { paths.formUnion(fieldPaths(element, prefix: prefix + "[]")) }
    }
    return paths
  }

  /// The field table of docs/diagnosis-schema.md: path -> (type, required).
  static func documentedFields() throws -> [String: (type: String, required: Bool)] {
    let document = try String(
      contentsOf: repositoryRoot.appendingPathComponent("docs/diagnosis-schema.md"), encoding: .utf8
    )
    var fields: [String: (type: String, required: Bool)] = [:]
    for line in document.split(separator: "\n") where line.hasPrefix("| `") {
      let columns = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      guard columns.count >= 3 else { continue }
      let path = columns[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
      fields[path] = (columns[1], columns[2] == "yes")
    }
    return fields
  }

  @Test("rendering then decoding gives back the same report")
  func roundTrip() throws {
    for report in [
      RenderingFixtures.referenceScenario, RenderingFixtures.healthy,
      RenderingFixtures.manyPods(50),
      RenderingTerminalSafetyTests.hostileReport,
    ] {
      #expect(try JSONReportRenderer.decode(JSONReportRenderer.render(report)) == report)
    }
  }

  @Test("keys are snake_case and sorted, pretty printed, with a trailing newline")
  func layout() throws {
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.hasSuffix("}\n"))
    #expect(text.hasPrefix("{\n  \"findings\""))
    #expect(text.contains("\"schema_version\" : 1"))
    #expect(text.contains("\"root_cause\""))
    #expect(text.contains("\"last_termination\" : \"OOMKilled (exit 137)\""))
    #expect(!text.contains("rootCause") && !text.contains("schemaVersion"))
    #expect(
      text.contains("\"source\" : \"capture Tests/KubeTests/Scenarios/reference-oom-crashloop\""))
    let keys = text.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map {
      String($0.dropFirst(3).prefix { $0 != "\"" })
    }
    #expect(keys == ["findings", "healthy", "pods", "schema_version", "scope", "summary"])
  }

  @Test("the output's field paths are exactly the ones docs/diagnosis-schema.md documents")
  func keysMatchDocumentation() throws {
    let rendered = Self.fieldPaths(try JSONSerialization.jsonObject(with: data))
    let documented = Set(try Self.documentedFields().keys)
    #expect(rendered.subtracting(documented).sorted() == [], "rendered but not documented")
    #expect(documented.subtracting(rendered).sorted() == [], "documented but not rendered")
  }

  /// The documented type name of a JSON value: `string`, `array of object`, ...
  static func typeName(_ value: Any) -> String {
    switch value {
    case let array as [Any]: "array of " + (array.first.map(typeName) ?? "?")
    case is [String: Any]: "object"
    case is String: "string"
    case let number as NSNumber:
      // JSONSerialization marks booleans with the `c` (char) type code.
      String(cString: number.objCType) == "c" ? "boolean" : "integer"
    default: "\(type(of: value))"
    }
  }

  /// Every (path, value) in a JSON value, array elements under `[]`.
  static func fieldValues(_ value: Any, prefix: String = "") -> [(String, Any)] {
    var values: [(String, Any)] = []
    if let object = value as? [String: Any] {
      for (key, child) in object {
        let path = prefix.isEmpty ? key : prefix + "." + key
        values.append((path, child))
        values += fieldValues(child, prefix: path)
      }
    } else if let array = value as? [Any] {
      for element in array { values += fieldValues(element, prefix: prefix + "[]") }
    }
    return values
  }

  @Test("every value has the type the documentation gives its field")
  func typesMatchDocumentation() throws {
    let documented = try Self.documentedFields()
    let values = Self.fieldValues(try JSONSerialization.jsonObject(with: data))
    #expect(values.count > 50)
    for (path, value) in values {
      let type = Self.typeName(value)
      guard !type.hasSuffix("?") else { continue }
      #expect(documented[path]?.type == type, "\(path) is \(type)")
    }
  }

  @Test("every field the documentation calls required is present even in an empty report")
  func requiredFieldsPresent() throws {
    let empty = DiagnosisReport(
      scope: DiagnosisScope(namespace: nil, pods: 0, events: 0, logs: 0, source: "capture x"),
      healthy: true, summary: "Nothing in scope.", pods: [], findings: [])
    let rendered = Self.fieldPaths(
      try JSONSerialization.jsonObject(with: JSONReportRenderer.render(empty)))
    let topLevelRequired = try Self.documentedFields().filter { path, field in
      field.required && !path.contains("[]")
    }.keys
    #expect(Set(topLevelRequired).subtracting(rendered).sorted() == [])
    #expect(!rendered.contains("scope.namespace"), "an absent optional is left out, not null")
  }

  @Test("the JSON Schema file describes the same fields and required lists as the documentation")
  func jsonSchemaMatchesDocumentation() throws {
    let schemaData = try Data(
      contentsOf: Self.repositoryRoot.appendingPathComponent("docs/diagnosis-report.schema.json"))
    let schema = try #require(try JSONSerialization.jsonObject(with: schemaData) as? [String: Any])
    let definitions = schema["$defs"] as? [String: Any] ?? [:]
    var fields: [String: Bool] = [:]
    func walk(_ node: [String: Any], _ prefix: String) {
      var node = node
      if let reference = node["$ref"] as? String,
        let definition = definitions[String(reference.split(separator: "/").last ?? "")]
          as? [String: Any]
      {
        node = definition
      }
      if let items = node["items"] as? [String: Any] { walk(items, prefix + "[]") }
      let required = Set(node["required"] as? [String] ?? [])
      for (key, child) in node["properties"] as? [String: Any] ?? [:] {
        let path = prefix.isEmpty ? key : prefix + "." + key
        fields[path] = required.contains(key)
        if let child = child as? [String: Any] { walk(child, path) }
      }
    }
    walk(schema, "")
    let documented = try Self.documentedFields().mapValues(\.required)
    #expect(fields == documented)
    #expect(schema["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
  }

  @Test("the documentation's example is a report this version reads")
  func documentedExampleDecodes() throws {
    let document = try String(
      contentsOf: Self.repositoryRoot.appendingPathComponent("docs/diagnosis-schema.md"),
      encoding: .utf8)
    let start = try #require(document.range(of: "```json\n"))
    let end = try #require(document.range(of: "\n```", range: start.upperBound..<document.endIndex))
    let example = try JSONReportRenderer.decode(
      Data(document[start.upperBound..<end.lowerBound].utf8))
    #expect(example.findings.first?.kind == "oom-killed")
    #expect(example.findings.first?.recommendations.first?.patch?.target.name == "payment-service")
    #expect(example.pods.filter(\.unhealthy).count == 3)
  }

  @Test("severity and confidence are written as their documented lower-case names")
  func enumValues() throws {
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains("\"severity\" : \"critical\""))
    #expect(text.contains("\"severity\" : \"warning\""))
    #expect(text.contains("\"confidence\" : \"high\""))
    let document = try String(
      contentsOf: Self.repositoryRoot.appendingPathComponent("docs/diagnosis-schema.md"),
      encoding: .utf8)
    for value in Severity.allCases.map(\.rawValue) + Confidence.allCases.map(\.rawValue) {
      #expect(document.contains("`\(value)`"), "\(value) is not documented")
    }
  }

  @Test("a report from a newer schema version is refused with a one-line reason")
  func newerSchemaRefused() throws {
    var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    object["schema_version"] = 2
    let newer = try JSONSerialization.data(withJSONObject: object)
    #expect(throws: ReportDecodingError.unsupportedSchemaVersion(found: 2, supported: 1)) {
      try JSONReportRenderer.decode(newer)
    }
    let message = ReportDecodingError.unsupportedSchemaVersion(found: 2, supported: 1).description
    #expect(message.contains("schema_version 2") && !message.contains("\n"))
  }

  @Test("a missing or invalid field is named by its snake_case path")
  func decodingErrorsNameTheField() throws {
    var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    var findings = try #require(object["findings"] as? [[String: Any]])
    findings[1]["root_cause"] = nil
    object["findings"] = findings
    #expect(throws: ReportDecodingError.missingField(path: "findings[1].root_cause")) {
      try JSONReportRenderer.decode(try JSONSerialization.data(withJSONObject: object))
    }
    findings[1]["root_cause"] = "x"
    findings[0]["severity"] = "fatal"
    object["findings"] = findings
    do {
      _ = try JSONReportRenderer.decode(try JSONSerialization.data(withJSONObject: object))
      Issue.record("an unknown severity was accepted")
    } catch let error as ReportDecodingError {
      guard case .invalidValue(let path, _) = error else {
        Issue.record("unexpected error \(error)")
        return
      }
      #expect(path == "findings[0].severity")
    }
    #expect(throws: ReportDecodingError.self) {
      try JSONReportRenderer.decode(Data("not json".utf8))
    }
  }

  @Test("the convenience renderer gives each format's own output")
  func convenience() {
    let report = RenderingFixtures.referenceScenario
    #expect(
      ReportRenderer.render(report, format: .json, color: true)
        == String(decoding: JSONReportRenderer.render(report), as: UTF8.self))
    #expect(
      ReportRenderer.render(report, format: .text, color: false)
        == TextReportRenderer(color: false).render(report))
    #expect(
      ReportRenderer.render(report, format: .markdown, color: true)
        == MarkdownReportRenderer.render(report))
    #expect(ReportFormat(rawValue: "markdown") == .markdown)
    #expect(ReportFormat.allCases.map(\.rawValue) == ["text", "markdown", "json"])
  }
}
