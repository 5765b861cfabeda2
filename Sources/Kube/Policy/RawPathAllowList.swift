/// The API paths `kubectl get --raw` may read: health, version and discovery,
/// none of which can carry object data (so no secret can come through them).
enum RawPathAllowList {
  static let summary =
    "/healthz, /livez, /readyz (and their checks), /version, and discovery (/api, /api/v1, /apis, /apis/GROUP[/VERSION])"

  static func allows(_ raw: String) -> Bool {
    let path = String(raw.prefix { $0 != "?" })
    guard path.hasPrefix("/"), !path.contains("%"), !path.contains("\\"),
      !path.contains("//"), !path.hasSuffix("/")
    else { return false }
    let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
    guard !segments.contains(where: { $0 == "." || $0 == ".." }) else { return false }
    switch segments.first {
    case "healthz", "livez", "readyz": return segments.count <= 2
    case "version": return segments.count == 1
    case "api": return segments.count <= 2
    case "apis": return segments.count <= 3
    default: return false
    }
  }
}
