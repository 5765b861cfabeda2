import Dispatch
import Foundation

/// One element of a list, decoded on its own: its kind is its own `kind`, or the
/// typed list's (`PodList` items often have none).
struct KubeListItem: Decodable, Sendable {
  static let defaultKindKey = CodingUserInfoKey(rawValue: "diagnosis.listItemKind")!

  let kind: String
  let object: KubeDecodedObject

  private enum Keys: String, CodingKey { case kind }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Keys.self)
    guard
      let kind = try container.decodeIfPresent(String.self, forKey: .kind)
        ?? decoder.userInfo[Self.defaultKindKey] as? String
    else {
      throw DecodingError.keyNotFound(
        Keys.kind, .init(codingPath: decoder.codingPath, debugDescription: "item without kind"))
    }
    self.kind = kind
    object = try KubeDecodedObject(kind: kind, decoder: decoder)
  }
}

/// Big lists are decoded item by item on every core: the whole-document decoder
/// keeps a map of every value (memory) and runs on one core (time). Small
/// documents, and anything the splitter does not recognise, take the plain path.
enum ParallelListDecoding {
  /// Below this many items the plain decoder is as fast.
  static let minimumItems = 512

  /// Nil when the document is not a big list, or an item does not decode (the
  /// plain path then reports the error with its exact place).
  static func decode(_ json: Data, source: String, minimumItems: Int = minimumItems)
    -> KubeDocument?
  {
    json.withUnsafeBytes { raw -> KubeDocument? in
      guard let base = raw.baseAddress, let split = JSONListSplitter.split(raw),
        split.items.count >= minimumItems
      else { return nil }
      if let kind = split.kind, !kind.hasSuffix("List") { return nil }
      let itemKind = split.kind.flatMap { $0 == "List" ? nil : String($0.dropLast(4)) }
      let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
      let perWorker = (split.items.count + workers - 1) / workers
      let results = WorkerResults(workers: workers)
      let address = UInt(bitPattern: base)
      DispatchQueue.concurrentPerform(iterations: workers) { worker in
        let lower = worker * perWorker
        let upper = min(split.items.count, lower + perWorker)
        let decoder = JSONDecoder()
        decoder.userInfo[KubePod.sourceKey] = source
        if let itemKind { decoder.userInfo[KubeListItem.defaultKindKey] = itemKind }
        var items: [KubeListItem] = []
        items.reserveCapacity(max(0, upper - lower))
        var index = lower
        while index < upper {
          let range = split.items[index]
          let start = UnsafeMutableRawPointer(bitPattern: address + UInt(range.lowerBound))!
          let bytes = Data(bytesNoCopy: start, count: range.count, deallocator: .none)
          guard let item = try? decoder.decode(KubeListItem.self, from: bytes) else {
            results.fail()
            return
          }
          items.append(item)
          index += 1
        }
        results.store(items, for: worker)
      }
      guard let items = results.inOrder() else { return nil }
      var document = KubeDocument()
      if let itemKind { document.kinds.insert(itemKind) }
      document.objects.reserveCapacity(items.count)
      for item in items {
        document.kinds.insert(item.kind)
        document.objects.append(item.object)
      }
      return document
    }
  }
}

/// Each worker's items, joined in worker order; any failure voids them all.
private final class WorkerResults: @unchecked Sendable {
  private let lock = NSLock()
  private var parts: [[KubeListItem]?]
  private var failed = false

  init(workers: Int) {
    parts = Array(repeating: nil, count: workers)
  }

  func store(_ items: [KubeListItem], for worker: Int) {
    lock.withLock { parts[worker] = items }
  }

  func fail() {
    lock.withLock { failed = true }
  }

  func inOrder() -> [KubeListItem]? {
    lock.withLock {
      guard !failed else { return nil }
      var all: [KubeListItem] = []
      for part in parts {
        guard let part else { return nil }
        all += part
      }
      return all
    }
  }
}
