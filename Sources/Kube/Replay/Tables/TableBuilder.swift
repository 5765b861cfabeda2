import Foundation

/// Builds the `meta.k8s.io/v1` Table kubectl asks for (`Accept: ...;as=Table`),
/// with the same columns the API server prints, so `get` and `get -o wide`
/// look as they would on the captured cluster.
struct TableBuilder {
  let type: ResourceType
  var now = Date()

  /// One column: its header, whether only `-o wide` shows it, and how to fill a cell.
  struct Column: Sendable {
    var name: String
    var wide = false
    var isName = false
    var cell: @Sendable (JSONValue, Date) -> JSONValue
  }

  func table(_ objects: [JSONValue], query: [String: String], includeColumns: Bool = true)
    -> JSONValue
  {
    let columns = TableColumns.columns(for: type)
    let definitions: [JSONValue] = columns.map { column in
      [
        "name": .string(column.name), "type": "string",
        "format": column.isName ? "name" : "", "description": "",
        "priority": .integer(column.wide ? 1 : 0),
      ]
    }
    let include = query["includeObject"] ?? "Metadata"
    let rows: [JSONValue] = objects.map { object in
      var row: JSONValue = ["cells": .array(columns.map { $0.cell(object, now) })]
      switch include {
      case "None": break
      case "Object": row = row.setting("object", to: object)
      default:
        row = row.setting(
          "object",
          to: [
            "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
            "metadata": object["metadata"] ?? [:],
          ])
      }
      return row
    }
    var table: JSONValue = [
      "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": ["resourceVersion": "1"],
      "rows": .array(rows),
    ]
    if includeColumns { table = table.setting("columnDefinitions", to: .array(definitions)) }
    return table
  }
}
