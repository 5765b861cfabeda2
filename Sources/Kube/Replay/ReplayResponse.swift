import Foundation

/// One request as the replay cluster sees it, independent of the HTTP library.
public struct ReplayRequest: Sendable {
  public var method: String
  /// The path without the query, e.g. `/api/v1/namespaces/default/pods`.
  public var path: String
  /// Query parameters, percent-decoded; a repeated name keeps its last value.
  public var query: [String: String]
  /// The Accept header, which asks for Tables or aggregated discovery.
  public var accept: String

  public init(method: String, path: String, query: [String: String] = [:], accept: String = "") {
    self.method = method
    self.path = path
    self.query = query
    self.accept = accept
  }

  /// Splits a request target such as `/api/v1/pods?labelSelector=app%3Dweb`.
  public init(method: String, target: String, accept: String) {
    let parts = target.split(separator: "?", maxSplits: 1).map(String.init)
    var query: [String: String] = [:]
    for pair in (parts.count > 1 ? parts[1] : "").split(separator: "&") {
      let field = pair.split(separator: "=", maxSplits: 1).map {
        String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
      }
      query[field[0]] = field.count > 1 ? field[1] : ""
    }
    let path = parts.first.map { $0.removingPercentEncoding ?? $0 } ?? "/"
    self.init(method: method, path: path, query: query, accept: accept)
  }
}

/// The answer to a request: a status, a content type and the body.
public struct ReplayResponse: Sendable {
  public var status: Int
  public var contentType: String
  public var body: Data

  public init(status: Int, contentType: String, body: Data) {
    self.status = status
    self.contentType = contentType
    self.body = body
  }

  static func json(_ value: JSONValue, status: Int = 200) -> ReplayResponse {
    ReplayResponse(status: status, contentType: "application/json", body: value.jsonData())
  }

  static func text(_ text: String, status: Int = 200) -> ReplayResponse {
    ReplayResponse(status: status, contentType: "text/plain; charset=utf-8", body: Data(text.utf8))
  }

  /// A Kubernetes `Status` failure, which kubectl prints as `Error from server (Reason): message`.
  static func status(
    _ code: Int, reason: String, message: String, details: JSONValue? = nil
  ) -> ReplayResponse {
    var status: JSONValue = [
      "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
      "message": .string(message), "reason": .string(reason), "code": .integer(Int64(code)),
    ]
    if let details { status = status.setting("details", to: details) }
    return json(status, status: code)
  }

  static func notFound(kind: ResourceType, name: String) -> ReplayResponse {
    status(
      404, reason: "NotFound", message: "\(kind.plural)\(groupSuffix(kind)) \"\(name)\" not found",
      details: ["name": .string(name), "group": .string(kind.group), "kind": .string(kind.plural)])
  }

  static let unknownPath = status(
    404, reason: "NotFound", message: "the server could not find the requested resource",
    details: ["causes": [["reason": "UnexpectedServerResponse", "message": "404 page not found"]]])

  /// kubectl apply validates against OpenAPI first; saying why there is none beats a bare 404.
  static let noSchema = status(
    404, reason: "NotFound",
    message:
      "the replay cluster is read-only and serves no OpenAPI schema, so writes such as apply are refused"
  )

  static func readOnly(method: String, path: String) -> ReplayResponse {
    status(
      405, reason: "MethodNotAllowed",
      message:
        "the replay cluster is read-only: \(method) \(path) is not allowed (only GET is served)",
      details: ["causes": [["reason": "ReadOnly", "message": "replay serves a captured cluster"]]])
  }

  static func badRequest(_ message: String) -> ReplayResponse {
    status(400, reason: "BadRequest", message: message)
  }

  private static func groupSuffix(_ type: ResourceType) -> String {
    type.group.isEmpty ? "" : ".\(type.group)"
  }
}
