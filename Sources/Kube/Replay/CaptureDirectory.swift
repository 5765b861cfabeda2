import Foundation

/// Reads a capture directory: object files anywhere in it (`*.json`, `*.yaml`,
/// `*.yml`), logs under `logs/<ns>/<pod>/<container>[.previous].log`, and an
/// optional `version.json`.
public enum CaptureDirectory {
  /// The file holding the server version, as `kubectl version -o json` prints it.
  public static let versionFile = "version.json"
  /// The folder holding container logs.
  public static let logsFolder = "logs"

  /// Loads every object and log; the first malformed file stops the load with its path.
  public static func load(_ directory: URL) throws -> ClusterSnapshot {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    else { throw ReplayError.notADirectory(path: directory.path) }
    let root = directory.standardizedFileURL
    var objects: [JSONValue] = []
    var serverVersion = ClusterSnapshot.defaultServerVersion
    for file in try objectFiles(under: root) {
      let relative = String(file.path.dropFirst(root.path.count + 1))
      if relative == versionFile {
        serverVersion = try readVersion(file, shown: relative)
      } else {
        objects += try readObjects(file, shown: relative)
      }
    }
    return ClusterSnapshot(
      objects: objects, logFiles: logFiles(under: root), serverVersion: serverVersion)
  }

  /// Object files in a stable order, skipping hidden files and the logs folder.
  private static func objectFiles(under root: URL) throws -> [URL] {
    guard
      let walker = FileManager.default.enumerator(
        at: root, includingPropertiesForKeys: [.isRegularFileKey],
        options: [.skipsHiddenFiles])
    else { throw ReplayError.notADirectory(path: root.path) }
    var files: [URL] = []
    for case let url as URL in walker {
      let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
      if relative == logsFolder {
        walker.skipDescendants()
        continue
      }
      guard ["json", "yaml", "yml"].contains(url.pathExtension.lowercased()) else { continue }
      files.append(url.standardizedFileURL)
    }
    return files.sorted { $0.path < $1.path }
  }

  /// Parses one file into its objects, unrolling Lists.
  static func readObjects(_ file: URL, shown: String) throws -> [JSONValue] {
    let documents = try parseDocuments(file, shown: shown)
    var objects: [JSONValue] = []
    for document in documents where document != .null {
      objects += try unroll(document, file: shown)
    }
    return objects
  }

  private static func parseDocuments(_ file: URL, shown: String) throws -> [JSONValue] {
    let data: Data
    do {
      data = try Data(contentsOf: file)
    } catch {
      throw ReplayError.malformedFile(path: shown, reason: "cannot be read")
    }
    if file.pathExtension.lowercased() == "json" {
      do {
        return [try JSONValue.parse(json: data)]
      } catch {
        throw ReplayError.malformedFile(path: shown, reason: "is not valid JSON")
      }
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ReplayError.malformedFile(path: shown, reason: "is not UTF-8 text")
    }
    do {
      return try JSONValue.parse(yaml: text)
    } catch {
      let detail = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
      throw ReplayError.malformedFile(path: shown, reason: "is not valid YAML (\(detail))")
    }
  }

  /// A List's items (given the list's kind and apiVersion when they lack them), or the object.
  private static func unroll(_ document: JSONValue, file: String) throws -> [JSONValue] {
    guard case .object = document else {
      throw ReplayError.malformedObject(
        path: file, index: nil, reason: "is not an object (expected a Kubernetes object or List)")
    }
    let kind = document.string(at: "kind") ?? ""
    guard kind.hasSuffix("List"), case .array(let items)? = document["items"] else {
      try validate(document, file: file, index: nil)
      return [document]
    }
    let itemKind = kind == "List" ? nil : String(kind.dropLast(4))
    return try items.enumerated().map { index, item in
      var object = item
      if object.string(at: "kind") == nil, let itemKind {
        object = object.setting("kind", to: .string(itemKind))
      }
      if object.string(at: "apiVersion") == nil, let apiVersion = document["apiVersion"] {
        object = object.setting("apiVersion", to: apiVersion)
      }
      try validate(object, file: file, index: index)
      return object
    }
  }

  private static func validate(_ object: JSONValue, file: String, index: Int?) throws {
    guard case .object = object else {
      throw ReplayError.malformedObject(path: file, index: index, reason: "is not an object")
    }
    for (path, label) in [("kind", "kind"), ("apiVersion", "apiVersion")]
    where (object.string(at: path) ?? "").isEmpty {
      throw ReplayError.malformedObject(path: file, index: index, reason: "has no \(label)")
    }
    if (object.string(at: "metadata.name") ?? "").isEmpty {
      throw ReplayError.malformedObject(path: file, index: index, reason: "has no metadata.name")
    }
  }

  /// Accepts both `kubectl version -o json` output and a bare `/version` document.
  private static func readVersion(_ file: URL, shown: String) throws -> JSONValue {
    let document = try parseDocuments(file, shown: shown).first ?? .null
    let version = document["serverVersion"] ?? document
    guard version.string(at: "gitVersion") != nil, version.string(at: "minor") != nil else {
      throw ReplayError.malformedFile(
        path: shown, reason: "has no serverVersion with gitVersion and minor")
    }
    return version
  }

  /// Indexes `logs/<ns>/<pod>/<container>.log` and `.previous.log`; other files are ignored.
  private static func logFiles(under root: URL) -> [ContainerLogKey: URL] {
    let logsRoot = root.appendingPathComponent(logsFolder)
    guard
      let walker = FileManager.default.enumerator(
        at: logsRoot, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
    else { return [:] }
    var index: [ContainerLogKey: URL] = [:]
    for case let url as URL in walker {
      let parts = url.standardizedFileURL.path.dropFirst(logsRoot.standardizedFileURL.path.count)
        .split(separator: "/").map(String.init)
      guard parts.count == 3, parts[2].hasSuffix(".log") else { continue }
      let previous = parts[2].hasSuffix(".previous.log")
      let container = String(parts[2].dropLast(previous ? 13 : 4))
      guard !container.isEmpty else { continue }
      let key = ContainerLogKey(
        namespace: parts[0], pod: parts[1], container: container, previous: previous)
      index[key] = url.standardizedFileURL
    }
    return index
  }
}
