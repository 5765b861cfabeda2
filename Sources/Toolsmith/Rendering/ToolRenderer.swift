import Foundation
import Governance

/// A generated tool server, ready to show a person and to validate.
public struct RenderedTool: Sendable, Equatable {
  /// `<name>_tools.py`, the file's name under `mcp_servers/`.
  public var fileName: String
  public var code: String
  /// SHA-256 hex of `code`: what the drafting approval is bound to.
  public var digest: String
  public var template: TemplateReference
  public var entryName: String
}

/// Fills a vetted template with a catalog entry's values; the same entry
/// always renders byte-identical code, so the digest is stable.
public enum ToolRenderer {
  public static func render(_ entry: CapabilityEntry) throws(ToolsmithError) -> RenderedTool {
    let header: String
    var values: [String: String] = [
      "SERVER_NAME": try identifier(entry.name, "name"),
      "SERVER_NAME_LITERAL": try pythonLiteral(entry.name),
      "TEMPLATE_NAME": try identifier(entry.template.name, "template name"),
      "TEMPLATE_VERSION": try identifier(entry.template.version, "template version"),
      "TEMPLATE_VERSION_LITERAL": try pythonLiteral(entry.template.version),
      "TIMEOUT_SECONDS": String(entry.timeoutSeconds),
      "MAX_OUTPUT_BYTES": String(entry.maxOutputBytes),
      "TOOLS_JSON": try toolsJSON(entry.functions),
    ]
    switch entry.template {
    case KubectlTemplate.reference:
      guard let binary = entry.binary else {
        throw .missingParameter(template: "kubectl", parameter: "a binary")
      }
      guard binary.hasPrefix("/") else {
        throw .unsafeParameter(parameter: "binary", reason: "\(binary) is not an absolute path")
      }
      values["BINARY_LITERAL"] = try pythonLiteral(binary)
      header = KubectlTemplate.header
    case LogfileTemplate.reference:
      guard entry.allowedDirectories.allSatisfy({ $0.hasPrefix("/") }) else {
        throw .unsafeParameter(parameter: "allowed directories", reason: "each must be absolute")
      }
      values["ALLOWED_DIRECTORIES_LITERAL"] = try pythonLiteral(entry.allowedDirectories)
      header = LogfileTemplate.header
    default:
      throw .unknownTemplate(entry.template)
    }
    let code = try fill(header + MCPServerCore.code, with: values)
    return RenderedTool(
      fileName: entry.fileName, code: code, digest: Digest.sha256(code), template: entry.template,
      entryName: entry.name)
  }

  /// Replaces every `{{NAME}}`; a placeholder without a value is a template bug.
  static func fill(_ template: String, with values: [String: String]) throws(ToolsmithError)
    -> String
  {
    var code = template
    for (name, value) in values.sorted(by: { $0.key < $1.key }) {
      code = code.replacingOccurrences(of: "{{\(name)}}", with: value)
    }
    if let range = code.range(of: #"\{\{[A-Z_]+\}\}"#, options: .regularExpression) {
      throw .missingParameter(template: "template", parameter: String(code[range]))
    }
    return code
  }

  /// The functions as `tools/list` declares them, in a Python raw triple-quoted string.
  static func toolsJSON(_ functions: [ToolFunction]) throws(ToolsmithError) -> String {
    let json = try canonicalJSON(functions, "functions")
    guard !json.contains("'''"), !json.hasSuffix("\\") else {
      throw .unsafeParameter(parameter: "functions", reason: "contains a triple quote")
    }
    return json
  }

  /// A JSON string or list of strings, which is also a valid Python literal.
  static func pythonLiteral<Value: Encodable>(_ value: Value) throws(ToolsmithError) -> String {
    try canonicalJSON(value, "literal")
  }

  /// Names and versions go into comments, so they are restricted to a safe alphabet.
  static func identifier(_ text: String, _ what: String) throws(ToolsmithError) -> String {
    let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789_.-")
    guard !text.isEmpty, text.unicodeScalars.allSatisfy(allowed.contains) else {
      throw .unsafeParameter(parameter: what, reason: "\(text) is not [a-z0-9_.-]+")
    }
    return text
  }

  static func canonicalJSON<Value: Encodable>(_ value: Value, _ what: String) throws(ToolsmithError)
    -> String
  {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    do {
      return String(decoding: try encoder.encode(value), as: UTF8.self)
    } catch {
      throw .unsafeParameter(parameter: what, reason: "\(error)")
    }
  }
}
