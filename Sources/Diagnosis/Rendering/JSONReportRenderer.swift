import Foundation

/// The report for programs: its Codable form with snake_case keys, pretty
/// printed with sorted keys and a trailing newline, as docs/diagnosis-schema.md
/// documents it.
///
/// Keys are derived by the encoder's `.convertToSnakeCase` (and read back with
/// `.convertFromSnakeCase`) rather than by CodingKeys on the model, so the model
/// stays the single list of fields; a test compares the output's keys with the
/// documented ones, so a renamed property cannot change the schema unnoticed.
/// Optional fields that have no value are left out, never written as `null`.
public enum JSONReportRenderer {
  public static func render(_ report: DiagnosisReport) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.keyEncodingStrategy = .convertToSnakeCase
    // The model holds only strings, integers, booleans, arrays and structs of
    // them, none of which can fail to encode.
    var data = (try? encoder.encode(report)) ?? Data("{}".utf8)
    data.append(0x0A)
    return data
  }

  /// Reads a report this renderer wrote, refusing a newer schema version whose
  /// fields may mean something else.
  public static func decode(_ data: Data) throws -> DiagnosisReport {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    let version: SchemaVersionProbe
    do {
      version = try decoder.decode(SchemaVersionProbe.self, from: data)
    } catch {
      throw ReportDecodingError(error)
    }
    guard version.schemaVersion <= DiagnosisReport.currentSchemaVersion else {
      throw ReportDecodingError.unsupportedSchemaVersion(
        found: version.schemaVersion, supported: DiagnosisReport.currentSchemaVersion)
    }
    do {
      return try decoder.decode(DiagnosisReport.self, from: data)
    } catch {
      throw ReportDecodingError(error)
    }
  }

  private struct SchemaVersionProbe: Decodable {
    var schemaVersion: Int
  }
}
