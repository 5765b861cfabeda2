import Dispatch
import Foundation

/// Reads what `kubectl get ... -o json` prints: a single object, a `List`, or a
/// typed list (`PodList`, whose items may lack `kind` and whose own `kind` comes
/// after `items`).
///
/// A first pass over the bytes checks the whole document is JSON and finds the
/// document's `kind` and where each item starts and ends; the items are then
/// read one by one by the type their kind names, a big list on every core.
enum KubeDocumentReader {
  /// From this many items a list is read on every core; below, one core is as fast.
  static let parallelMinimumItems = 512

  static func read(_ json: Data, source: String, parallelFrom: Int = parallelMinimumItems)
    throws(JSONReadError) -> KubeDocument
  {
    try json.withUnsafeBytes { raw in
      Result { () throws(JSONReadError) in try read(raw, source: source, parallelFrom: parallelFrom)
      }
    }.get()
  }

  private static func read(_ raw: UnsafeRawBufferPointer, source: String, parallelFrom: Int)
    throws(JSONReadError) -> KubeDocument
  {
    let outline = try Outline(raw)
    guard outline.isList else {
      guard let kind = outline.kind else { throw JSONReadError(.noKind, at: 0) }
      var reader = JSONReader(raw)
      var document = KubeDocument()
      document.kinds.insert(kind)
      document.objects.append(try KubeDecodedObject(kind: kind, json: &reader, source: source))
      return document
    }
    let itemKind = outline.kind.flatMap { $0 == "List" ? nil : String($0.dropLast(4)) }
    let items = ItemReader(bytes: raw, ranges: outline.items, itemKind: itemKind, source: source)
    var document: KubeDocument
    do throws(JSONReadError) {
      document =
        outline.items.count >= parallelFrom
        ? try items.readOnEveryCore() : try items.read(outline.items.indices)
    } catch {
      throw error.inside(.key("items"))
    }
    if let itemKind { document.kinds.insert(itemKind) }
    return document
  }

  /// The first pass: the document's `kind`, and the byte range of every element of
  /// `items`; it checks the whole document is JSON.
  private struct Outline {
    var kind: String?
    var items: [Range<Int>] = []
    var hasItems = false

    /// A typed list by its kind, or, without a kind, any object with `items`.
    var isList: Bool { kind.map { $0.hasSuffix("List") } ?? hasItems }

    init(_ raw: UnsafeRawBufferPointer) throws(JSONReadError) {
      var reader = JSONReader(raw)
      guard try reader.peekKind() == .object else {
        // Valid JSON of another kind is "not an object"; anything else a syntax error.
        try reader.skipValue()
        try reader.expectEnd()
        throw JSONReadError(.wrongType(expected: "an object"), at: 0)
      }
      var kind: String?
      var items: [Range<Int>] = []
      var hasItems = false
      try reader.readObject { reader, key throws(JSONReadError) in
        switch key {
        case "kind": kind = try reader.readOptional()
        case "items":
          hasItems = true
          guard try !reader.takeNull() else { return }
          try reader.readArray { reader, _ throws(JSONReadError) in
            let start = reader.position
            try reader.skipValue()
            items.append(start..<reader.position)
          }
        default: try reader.skipValue()
        }
      }
      try reader.expectEnd()
      self.kind = kind
      self.items = items
      self.hasItems = hasItems
    }
  }

  /// Reads items of a list by their byte ranges; each item's kind is its own
  /// `kind`, or the typed list's.
  private struct ItemReader: @unchecked Sendable {
    // The buffer outlives every worker: `read` returns only after all finished.
    let bytes: UnsafeRawBufferPointer
    let ranges: [Range<Int>]
    let itemKind: String?
    let source: String

    func read(_ indices: Range<Int>) throws(JSONReadError) -> KubeDocument {
      var document = KubeDocument()
      document.objects.reserveCapacity(indices.count)
      for index in indices {
        var reader = JSONReader(bytes, at: ranges[index].lowerBound)
        do throws(JSONReadError) {
          let kind: String? =
            if let itemKind { itemKind } else { try reader.peekStringMember("kind") }
          guard let kind else {
            throw JSONReadError(.noKind, at: reader.position)
          }
          document.kinds.insert(kind)
          document.objects.append(
            try KubeDecodedObject(kind: kind, json: &reader, source: source))
        } catch {
          throw error.inside(.index(index))
        }
      }
      return document
    }

    /// The items split into one contiguous part per core; the first error in
    /// document order wins, as on one core.
    func readOnEveryCore() throws(JSONReadError) -> KubeDocument {
      let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
      let perWorker = (ranges.count + workers - 1) / workers
      let parts = WorkerParts(count: workers)
      DispatchQueue.concurrentPerform(iterations: workers) { worker in
        let lower = min(ranges.count, worker * perWorker)
        let upper = min(ranges.count, lower + perWorker)
        parts.store(Result { () throws(JSONReadError) in try read(lower..<upper) }, for: worker)
      }
      var document = KubeDocument()
      document.objects.reserveCapacity(ranges.count)
      for part in parts.inOrder() {
        let piece = try part.get()
        document.objects += piece.objects
        document.kinds.formUnion(piece.kinds)
      }
      return document
    }
  }
}

/// Each worker's result, taken in worker order.
private final class WorkerParts: @unchecked Sendable {
  private let lock = NSLock()
  private var parts: [Result<KubeDocument, JSONReadError>?]

  init(count: Int) {
    parts = Array(repeating: nil, count: count)
  }

  func store(_ part: Result<KubeDocument, JSONReadError>, for worker: Int) {
    lock.withLock { parts[worker] = part }
  }

  func inOrder() -> [Result<KubeDocument, JSONReadError>] {
    lock.withLock { parts.compactMap { $0 } }
  }
}
