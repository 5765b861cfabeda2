import Foundation
import Sandbox
import Testing

@testable import Toolsmith

/// `limit` and `continue`: pods and events a page at a time, straight from the
/// API (`kubectl get --raw`), so kubectl never holds a whole big cluster. The
/// token goes into a URL, so it is checked by the schema and again by the handler.
@Suite("The kubectl tool reads pods and events a page at a time")
struct KubectlPagingTests {
  /// Tokens that could change the request if they reached the URL.
  static let hostileTokens = [
    "a&watch=true", "a/../secrets", "a%26watch%3Dtrue", "", "a b", "a\nb", "a?limit=1",
    "a#b", "--raw=/api/v1/secrets", "a;b", "abc\n", String(repeating: "a", count: 8193),
  ]

  static func call(_ id: Int, _ function: String, _ arguments: [String: Any]) -> String {
    let body = try! JSONSerialization.data(
      withJSONObject: [
        "jsonrpc": "2.0", "id": id, "method": "tools/call",
        "params": ["name": function, "arguments": arguments],
      ] as [String: Any])
    return String(decoding: body, as: UTF8.self)
  }

  func function(_ name: String) throws -> ToolFunction {
    try #require(KubectlCapability.entry.functions.first { $0.name == name })
  }

  @Test("pods and events take limit (1 to 5000) and a continue token of URL-safe characters")
  func schema() throws {
    for name in ["kubectl_get_pods", "kubectl_get_events"] {
      let properties = try function(name).inputSchema.properties
      let limit = try #require(properties["limit"])
      #expect(limit.minimum == 1 && limit.maximum == 5000)
      let token = try #require(properties["continue"])
      let pattern = try Regex(try #require(token.pattern))
      for good in ["eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTIzfQ", "replay-offset-500", "a_b.c=d"] {
        #expect(good.wholeMatch(of: pattern) != nil, "\(good)")
      }
      for hostile in Self.hostileTokens where hostile.count <= 8192 {
        #expect(hostile.wholeMatch(of: pattern) == nil, "\(hostile) matches")
      }
      #expect(token.maxLength == 8192)
    }
  }

  @Test(
    "hostile tokens and limits are refused before kubectl runs; bad combinations by the handler",
    .enabled(if: Support.hasPython))
  func refusals() throws {
    let rendered = try ToolRenderer.render(KubectlCapability.entry)
    var requests: [String] = []
    for (offset, token) in Self.hostileTokens.enumerated() {
      requests.append(
        Self.call(
          offset + 1, "kubectl_get_pods",
          ["all_namespaces": true, "limit": 500, "continue": token]))
    }
    for (offset, limit) in [0, 5001, -1].enumerated() {
      requests.append(
        Self.call(50 + offset, "kubectl_get_events", ["namespace": "prod", "limit": limit]))
    }
    requests += [
      Self.call(100, "kubectl_get_pods", ["namespace": "prod", "continue": "abc"]),
      Self.call(101, "kubectl_get_pods", ["limit": 500]),
      Self.call(102, "kubectl_get_events", ["namespace": "prod", "pod": "web-1", "limit": 10]),
      Self.call(103, "kubectl_get_pods", ["namespace": "prod", "limit": 500, "continue": "abc"]),
    ]
    let result = try ToolDryRun(profile: Support.profile()).run(
      code: rendered.code, fileName: rendered.fileName, requests: requests)
    #expect(result.ending == .exited(code: 0), "\(result.stderr.text)")
    let byID = Support.responses(result)
    for id in Array(1...Self.hostileTokens.count) + [50, 51, 52] {
      #expect(byID[id]?["error"]?["code"]?.number == -32602, "request \(id) was not refused")
    }
    let messages = (100...103).map { Support.payload(byID[$0])?["message"]?.string ?? "" }
    #expect(messages[0] == "continue needs limit")
    #expect(messages[1] == "limit needs namespace or all_namespaces")
    #expect(messages[2].hasPrefix("pod does not combine with limit"))
    // A well-formed page request reaches kubectl (not bound here: a structured error).
    #expect(Support.payload(byID[103])?["status"]?.string == "error")
    #expect(!messages[3].hasPrefix("refused") && !messages[3].contains("needs"), "\(messages[3])")
  }
}
