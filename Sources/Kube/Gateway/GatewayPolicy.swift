/// A request reduced to what the policy needs to decide.
public struct GatewayRequest: Sendable, Equatable {
  public var method: String
  /// The request target as sent: path and optional `?query`.
  public var target: String
  /// Header names, any case.
  public var headerNames: [String]
  /// True when the request announces a body (non-zero length or chunked).
  public var hasBody: Bool

  public init(method: String, target: String, headerNames: [String] = [], hasBody: Bool = false) {
    self.method = method
    self.target = target
    self.headerNames = headerNames
    self.hasBody = hasBody
  }
}

/// A read the gateway will forward: the normalized path and checked query.
public struct AllowedRead: Sendable, Equatable {
  public let path: GatewayPath
  public let query: GatewayQuery?

  /// The request target sent upstream.
  public var target: String {
    guard let query, !query.raw.isEmpty else { return path.text }
    return path.text + "?" + query.raw
  }

  /// Watches and followed logs get the stream time limit.
  public var isStream: Bool { query?.isStream ?? false }
}

/// The rule that refused a request; tests and the audit log use it, people
/// read the message.
public enum RefusalRule: String, Sendable, Equatable, CaseIterable {
  case method
  case body
  case upgrade
  case impersonation
  case malformedPath = "malformed_path"
  case malformedQuery = "malformed_query"
  case queryParameter = "query_parameter"
  case secrets
  case serviceAccountToken = "serviceaccount_token"
  case containerStream = "container_stream"
  case proxy
  case accessReview = "access_review"
  case configMaps = "configmaps"
  case notOnAllowList = "not_on_allow_list"
}

/// Why a request was not forwarded, ready to be answered as a Kubernetes Status.
public struct GatewayRefusal: Error, Sendable, Equatable {
  public let rule: RefusalRule
  /// 403 for policy refusals, 400 for requests that do not parse.
  public let code: Int
  /// The message kubectl prints, starting with "meta-agent gateway:".
  public let message: String

  /// The Kubernetes `reason` that goes with `code`.
  public var reason: String { code == 400 ? "BadRequest" : "Forbidden" }
}

/// What the gateway does with a request.
public enum GatewayDecision: Sendable, Equatable {
  case allow(AllowedRead)
  case refuse(GatewayRefusal)
}

/// The read-only filter in front of `kubectl proxy`: GET only, on an
/// allow-list of read paths, never secrets, tokens, container streams or
/// proxies. Pure, so every rule is tested without a network.
public struct GatewayPolicy: Sendable {
  private let readable: [String: [String: ReadableResource]]

  /// Non-resource paths that hold version, discovery, schema and health information.
  private static let healthRoots: Set<String> = ["healthz", "readyz", "livez"]

  private static let accessReviews: Set<String> = [
    "tokenreviews", "subjectaccessreviews", "selfsubjectaccessreviews",
    "localsubjectaccessreviews", "selfsubjectrulesreviews", "selfsubjectreviews",
  ]

  private static let containerStreams: Set<String> = ["exec", "attach", "portforward"]

  public let allowsConfigMaps: Bool

  public init(
    resources: [ReadableResource] = ReadableResources.standard, allowsConfigMaps: Bool = false
  ) {
    var table: [String: [String: ReadableResource]] = [:]
    for resource in resources + (allowsConfigMaps ? [ReadableResources.configMaps] : []) {
      table[resource.group, default: [:]][resource.resource] = resource
    }
    readable = table
    self.allowsConfigMaps = allowsConfigMaps
  }

  public func decide(_ request: GatewayRequest) -> GatewayDecision {
    do {
      return .allow(try check(request))
    } catch {
      return .refuse(error)
    }
  }

  private func check(_ request: GatewayRequest) throws(GatewayRefusal) -> AllowedRead {
    let shown = Self.shown(request.target)
    guard request.method == "GET" else {
      throw refusal(.method, "\(Self.shown(request.method)) is refused: the gateway is read-only")
    }
    guard !request.hasBody else {
      throw refusal(.body, "GET \(shown) is refused: a read carries no request body")
    }
    let names = request.headerNames.map { $0.lowercased() }
    guard !names.contains("upgrade") else {
      throw refusal(
        .upgrade,
        "GET \(shown) is refused: connection upgrades (exec, attach, port-forward streams) "
          + "are never passed")
    }
    guard !names.contains(where: { $0.hasPrefix("impersonate-") }) else {
      throw refusal(
        .impersonation, "GET \(shown) is refused: impersonation headers are never passed")
    }
    let rawPath: Substring
    let rawQuery: Substring?
    if let mark = request.target.firstIndex(of: "?") {
      rawPath = request.target[..<mark]
      rawQuery = request.target[request.target.index(after: mark)...]
    } else {
      rawPath = request.target[...]
      rawQuery = nil
    }
    let path: GatewayPath
    do {
      path = try GatewayPath(raw: rawPath)
    } catch {
      throw GatewayRefusal(
        rule: .malformedPath, code: 400,
        message: "meta-agent gateway: GET \(shown) is refused: \(Self.describe(error))")
    }
    try checkPath(path.segments, shown: path.text)
    guard let rawQuery else { return AllowedRead(path: path, query: nil) }
    do {
      return AllowedRead(path: path, query: try GatewayQuery(raw: String(rawQuery)))
    } catch .parameterNotAllowed(let name) {
      throw refusal(
        .queryParameter,
        "GET \(path.text) is refused: the query parameter \"\(Self.shown(name))\" is not "
          + "a read option the gateway passes")
    } catch {
      throw GatewayRefusal(
        rule: .malformedQuery, code: 400,
        message: "meta-agent gateway: GET \(path.text) is refused: the query does not parse "
          + "cleanly (\(error))")
    }
  }

  private func checkPath(_ segments: [String], shown: String) throws(GatewayRefusal) {
    let notAllowed = refusal(
      .notOnAllowList, "GET \(shown) is refused: the path is not on the gateway's read allow-list")
    guard let root = segments.first else { throw notAllowed }
    switch root {
    case "version":
      guard segments.count == 1 else { throw notAllowed }
    case _ where Self.healthRoots.contains(root):
      guard segments.count <= 3 else { throw notAllowed }
    case "openapi":
      guard segments.count >= 2, segments[1] == "v2" || segments[1] == "v3" else {
        throw notAllowed
      }
      guard segments[1] == "v3" || segments.count == 2 else { throw notAllowed }
    case "api":
      guard segments.count > 1 else { return }
      guard segments[1] == "v1" else { throw notAllowed }
      try checkResource(group: "", rest: segments.dropFirst(2), shown: shown, notAllowed)
    case "apis":
      guard segments.count > 2 else { return }
      guard Self.isVersion(segments[2]) else { throw notAllowed }
      try checkResource(group: segments[1], rest: segments.dropFirst(3), shown: shown, notAllowed)
    default:
      throw notAllowed
    }
  }

  /// Parses what follows `/api/v1` or `/apis/GROUP/VERSION` the way the API
  /// server does, then applies the named refusals before the allow-list.
  private func checkResource(
    group: String, rest: ArraySlice<String>, shown: String, _ notAllowed: GatewayRefusal
  ) throws(GatewayRefusal) {
    guard !rest.isEmpty else { return }
    var parts = rest
    var namespaced = false
    // `namespaces/NS/RESOURCE...` is a namespaced request unless what follows
    // NS is a subresource of the namespace itself, exactly as the API server reads it.
    if parts.first == "namespaces", parts.count > 2, parts[parts.startIndex + 2] != "status",
      parts[parts.startIndex + 2] != "finalize"
    {
      parts = parts.dropFirst(2)
      namespaced = true
    }
    let resource = parts[parts.startIndex]
    let name = parts.count > 1 ? parts[parts.startIndex + 1] : nil
    let subresource = parts.count > 2 ? parts[parts.startIndex + 2] : nil
    try refuseNamed(resource: resource, subresource: subresource, shown: shown)
    guard parts.count <= 3 else { throw notAllowed }
    guard let rule = readable[group]?[resource] else { throw notAllowed }
    switch rule.scope {
    case .namespaced:
      // A namespaced resource is read inside a namespace, or listed across all of them.
      guard namespaced || name == nil else { throw notAllowed }
    case .cluster:
      guard !namespaced else { throw notAllowed }
    }
    if let subresource, !rule.subresources.contains(subresource) { throw notAllowed }
  }

  private func refuseNamed(
    resource: String, subresource: String?, shown: String
  ) throws(GatewayRefusal) {
    if resource == "secrets" {
      throw refusal(
        .secrets, "GET \(shown) is refused: secrets are never readable through the gateway")
    }
    if resource == "serviceaccounts", subresource == "token" {
      throw refusal(
        .serviceAccountToken, "GET \(shown) is refused: service account tokens are never issued")
    }
    if let subresource, Self.containerStreams.contains(subresource) {
      throw refusal(
        .containerStream,
        "GET \(shown) is refused: \(subresource) would act inside a container; the gateway is "
          + "read-only")
    }
    if resource == "proxy" || subresource == "proxy" {
      throw refusal(
        .proxy, "GET \(shown) is refused: proxying to pods, services or nodes is never passed")
    }
    if Self.accessReviews.contains(resource) {
      throw refusal(
        .accessReview, "GET \(shown) is refused: access and token reviews are not reads")
    }
    if resource == "configmaps", !allowsConfigMaps {
      throw refusal(
        .configMaps,
        "GET \(shown) is refused: configmaps often hold credentials, so this gateway does not "
          + "pass them")
    }
  }

  private func refusal(_ rule: RefusalRule, _ message: String) -> GatewayRefusal {
    GatewayRefusal(rule: rule, code: 403, message: "meta-agent gateway: " + message)
  }

  /// `v1`, `v2`, `v1beta1`, `v2alpha3`.
  static func isVersion(_ text: String) -> Bool {
    var rest = Substring(text)
    guard rest.first == "v" else { return false }
    rest = rest.dropFirst()
    let major = rest.prefix { $0.isASCII && $0.isNumber }
    guard !major.isEmpty else { return false }
    rest = rest.dropFirst(major.count)
    if rest.isEmpty { return true }
    for stage in ["alpha", "beta"] where rest.hasPrefix(stage) {
      let minor = rest.dropFirst(stage.count)
      return !minor.isEmpty && minor.allSatisfy { $0.isASCII && $0.isNumber }
    }
    return false
  }

  /// Echoes caller-controlled text back only in a short, printable form.
  static func shown(_ text: String) -> String {
    let printable = String(
      text.unicodeScalars.map {
        $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?"
      })
    return printable.count > 200 ? String(printable.prefix(200)) + "..." : printable
  }

  private static func describe(_ problem: GatewayPath.Problem) -> String {
    switch problem {
    case .notAbsolute: return "the path does not start with /"
    case .tooLong: return "the path is longer than \(GatewayPath.maximumLength) bytes"
    case .emptySegment: return "the path has an empty segment (// or a trailing /)"
    case .dotSegment: return "the path has a . or .. segment"
    case .badPercentEncoding: return "the path has a broken percent-encoding"
    case .disallowedCharacter:
      return "the path holds a character (after percent-decoding) that no Kubernetes path uses"
    }
  }
}
