import Foundation

/// The envelope of a kubectl MCP tool answer (`{"status": "success", "command":
/// [...], "items": [...], "logs": "..."}`), read without building its objects:
/// `items` is only counted here, the engine reads it with `addObjects`. A big
/// cluster's answer is tens of megabytes, and a caller needs only these fields.
public struct KubectlToolAnswer: Sendable, Equatable {
  /// `status: success`.
  public var succeeded: Bool
  /// The tool's explanation when it did not succeed.
  public var message: String?
  /// The kubectl command the tool ran, shown as the source of what it read.
  public var command: String
  /// How many elements `items` holds, when the answer has it.
  public var itemCount: Int?
  /// The `count` the tool reported (event summaries).
  public var count: Int?
  /// A logs answer's text.
  public var logs: String?
  /// A page's token for the next page; nil on the last page (or a whole list).
  public var continueToken: String?

  /// Throws when the bytes are not a JSON object.
  public init(json: Data, source: String) throws(DiagnosisInputError) {
    var status: String?
    var message: String?
    var command = "kubectl"
    var itemCount: Int?
    var count: Int?
    var logs: String?
    var continueToken: String?
    do {
      try JSONReader.readDocument(json) { reader throws(JSONReadError) in
        try reader.readObject { reader, key throws(JSONReadError) in
          switch key {
          case "status": status = try reader.readOptional()
          case "message" where try reader.peekKind() == .string: message = try reader.readString()
          case "command" where try reader.peekKind() == .array:
            command = (try reader.read([String].self)).joined(separator: " ")
          case "command" where try reader.peekKind() == .string: command = try reader.readString()
          case "items" where try reader.peekKind() == .array:
            var counted = 0
            try reader.readArray { reader, _ throws(JSONReadError) in
              counted += 1
              try reader.skipValue()
            }
            itemCount = counted
          case "count" where try reader.peekKind() == .number: count = try reader.readInt()
          case "logs" where try reader.peekKind() == .string: logs = try reader.readString()
          case "continue" where try reader.peekKind() == .string:
            continueToken = try reader.readString()
          default: try reader.skipValue()
          }
        }
      }
    } catch {
      throw DiagnosisInputError(error, in: json, source: source)
    }
    self.succeeded = status == "success"
    self.message = message
    self.command = command
    self.itemCount = itemCount
    self.count = count
    self.logs = logs
    self.continueToken = continueToken
  }
}
