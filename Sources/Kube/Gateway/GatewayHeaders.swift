import NIOHTTP1

/// Which headers cross the gateway: credentials and hop-by-hop headers never do.
public enum GatewayHeaders {
  /// Headers that describe one connection, not the message (RFC 9110 7.6.1).
  static let hopByHop: Set<String> = [
    "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding",
    "upgrade", "proxy-authenticate", "proxy-authorization",
  ]

  /// The sandbox holds no credentials; anything that looks like one is dropped
  /// so only the proxy's own credentials reach the cluster.
  static let credentials: Set<String> = ["authorization", "cookie"]

  /// The headers sent to `kubectl proxy`: the caller's, minus credentials and
  /// hop-by-hop headers, with the Host that `kubectl proxy --accept-hosts` expects.
  public static func upstreamRequest(_ incoming: HTTPHeaders) -> HTTPHeaders {
    let named = connectionTokens(incoming)
    var headers = HTTPHeaders()
    for (name, value) in incoming {
      let lower = name.lowercased()
      guard !hopByHop.contains(lower), !credentials.contains(lower), !named.contains(lower),
        lower != "host", lower != "content-length"
      else { continue }
      headers.add(name: name, value: value)
    }
    headers.add(name: "Host", value: "localhost")
    headers.add(name: "Connection", value: "close")
    return headers
  }

  /// The headers returned to the caller: the cluster's, minus hop-by-hop
  /// headers, which the gateway sets for its own connection.
  public static func downstreamResponse(_ upstream: HTTPHeaders, keepAlive: Bool) -> HTTPHeaders {
    let named = connectionTokens(upstream)
    var headers = HTTPHeaders()
    for (name, value) in upstream {
      let lower = name.lowercased()
      guard !hopByHop.contains(lower), !named.contains(lower) else { continue }
      headers.add(name: name, value: value)
    }
    headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
    return headers
  }

  /// Headers a `Connection` header names are hop-by-hop too.
  private static func connectionTokens(_ headers: HTTPHeaders) -> Set<String> {
    Set(headers[canonicalForm: "connection"].map { $0.lowercased() })
  }
}
