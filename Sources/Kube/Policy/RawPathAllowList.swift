/// The API paths `kubectl get --raw` may read: health, version and discovery,
/// none of which can carry object data; and one bounded page of the pod or event
/// list (`?limit=N`, optionally `&continue=TOKEN`), which is what `kubectl get
/// pods` reads anyway, so a tool can page a big cluster without kubectl holding
/// all of it in memory. No other object data: no secret can come through here.
enum RawPathAllowList {
  static let summary =
    "/healthz, /livez, /readyz (and their checks), /version, discovery (/api, /api/v1, /apis, /apis/GROUP[/VERSION]), and pages of pods or events (/api/v1[/namespaces/NS]/pods|events?limit=N[&continue=TOKEN])"

  /// The kinds whose list may be read a page at a time.
  static let pagedResources: Set<Substring> = ["pods", "events"]

  static func allows(_ raw: String) -> Bool {
    let path = String(raw.prefix { $0 != "?" })
    guard path.hasPrefix("/"), !path.contains("%"), !path.contains("\\"),
      !path.contains("//"), !path.hasSuffix("/")
    else { return false }
    let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
    guard !segments.contains(where: { $0 == "." || $0 == ".." }) else { return false }
    if isPagedList(Array(segments)) {
      return isPageQuery(raw.drop { $0 != "?" }.dropFirst())
    }
    switch segments.first {
    case "healthz", "livez", "readyz": return segments.count <= 2
    case "version": return segments.count == 1
    case "api": return segments.count <= 2
    case "apis": return segments.count <= 3
    default: return false
    }
  }

  /// `/api/v1/pods`, `/api/v1/namespaces/NS/events`: a whole list, never one object.
  private static func isPagedList(_ segments: [Substring]) -> Bool {
    guard segments.count >= 3, segments[0] == "api", segments[1] == "v1",
      let resource = segments.last, pagedResources.contains(resource)
    else { return false }
    if segments.count == 3 { return true }
    return segments.count == 5 && segments[2] == "namespaces" && isLabel(segments[3])
  }

  /// Exactly `limit=N` (1 to 5000), optionally with `continue=TOKEN` (the API's
  /// URL-safe base64, or replay's offsets): nothing that watches or selects more.
  private static func isPageQuery(_ query: Substring) -> Bool {
    var limit: Int?
    var sawContinue = false
    for parameter in query.split(separator: "&", omittingEmptySubsequences: false) {
      let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      guard pair.count == 2 else { return false }
      switch pair[0] {
      case "limit" where limit == nil:
        guard pair[1].count <= 4, let value = Int(pair[1]), (1...5000).contains(value) else {
          return false
        }
        limit = value
      case "continue" where !sawContinue:
        guard (1...8192).contains(pair[1].count), pair[1].allSatisfy(isTokenCharacter) else {
          return false
        }
        sawContinue = true
      default:
        return false
      }
    }
    return limit != nil
  }

  private static func isTokenCharacter(_ character: Character) -> Bool {
    character.isASCII && (character.isLetter || character.isNumber || "-_.=".contains(character))
  }

  private static func isLabel(_ name: Substring) -> Bool {
    (1...63).contains(name.count) && name.first != "-" && name.last != "-"
      && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
  }
}
