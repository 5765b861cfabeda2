import Foundation

extension FindingBuilder {
  /// OOMKilled containers and runtimes that ran out of memory: the limit, the heap setting and
  /// the log line, and a patch raising the limit (and capping the heap).
  func memory() -> Finding {
    let limitText = spec?.resources?.limits?["memory"]
    let requestText = spec?.resources?.requests?["memory"]
    let limit = limitText.flatMap(Quantity.mebibytes)
    let heap = spec.flatMap(HeapSetting.find)
    let logMatch = group.symptoms.lazy.compactMap { symptom in
      symptom.logMatches.first { $0.pattern.findingKind == .outOfMemory }
    }.first
    let oomKilled = group.kind == .oomKilled

    var evidence = podEvidence
    if let limitText {
      evidence.append(
        Evidence(
          fact: "memory limit \(limitText)" + (requestText.map { ", request \($0)" } ?? ""),
          source: group.specSource(index, field: "resources")))
    } else {
      evidence.append(
        Evidence(
          fact: "no memory limit is set", source: group.specSource(index, field: "resources")))
    }
    if let heap {
      evidence.append(
        Evidence(
          fact: "\(heap.runtime) heap limit \(heap.flag) (\(heap.mebibytes)Mi) in \(heap.variable)",
          source: group.specSource(index, field: "env[\(heap.variable)]"), excerpt: [heap.value]))
    }
    evidence += group.logEvidence

    // Root cause, naming the values.
    var cause: [String] = []
    let killed = "the kernel kills it (OOMKilled, exit code 137)"
    if let heap, let limit, let limitText, heap.mebibytes >= limit * 9 / 10 {
      cause.append(
        "The \(heap.runtime) in \(containerName) may grow its heap to \(heap.mebibytes)Mi "
          + "(\(heap.flag) in \(heap.variable)) but the container's memory limit is \(limitText): "
          + "the heap alone does not fit.")
      cause.append(
        oomKilled
          ? "As the application fills the heap the container goes over its limit and \(killed)."
          : "The application fills the memory it has and fails.")
    } else if let limitText {
      cause.append(
        oomKilled
          ? "\(containerPhrase.prefix(1).uppercased() + containerPhrase.dropFirst()) needs more memory than its \(limitText) limit: \(killed)."
          : "\(containerPhrase.prefix(1).uppercased() + containerPhrase.dropFirst()) runs out of memory within its \(limitText) limit."
      )
    } else {
      cause.append(
        "\(containerPhrase.prefix(1).uppercased() + containerPhrase.dropFirst()) has no memory limit and \(oomKilled ? killed : "runs out of memory") when the node runs short."
      )
    }
    if let logMatch {
      cause.append(
        "The \(logMatch.log.previous ? "previous" : "current") logs show \(logMatch.pattern.meaning)"
          + (logMatch.pattern.meaning.contains(logMatch.line.trimmingCharacters(in: .whitespaces))
            ? "." : ": `\(logMatch.line.trimmingCharacters(in: .whitespaces))`."))
    }
    if group.maxRestarts > 0 {
      cause.append(
        "The kubelet keeps restarting it: \(group.podPhrase) in \(statusPhrase)\(restartsPhrase).")
    }

    // Recommendations.
    var recommendations: [Recommendation] = []
    let current = limit ?? requestText.flatMap(Quantity.mebibytes) ?? 256
    var target = heap.map { Quantity.roundUp($0.mebibytes * 5 / 4, to: 64) } ?? current * 2
    if target <= current { target = current * 2 }
    let newLimit = Quantity.formatMebibytes(target)
    var requests: [(String, String)] = []
    if let requestText, requestText == limitText { requests = [("memory", newLimit)] }
    let limitPatch = ContainerPatch.make(
      owner: owner, container: containerName, isInit: group.isInitContainer,
      fields: [ContainerPatch.resources(limits: [("memory", newLimit)], requests: requests)])
    recommendations.append(
      Recommendation(
        action:
          "Raise the memory limit of \(containerName) from \(limitText ?? "none") to \(newLimit)",
        rationale: heap.map {
          "\($0.mebibytes)Mi of heap plus about 25% for metaspace, threads and buffers; "
            + "the request moves with the limit so the pod keeps its QoS class"
        } ?? "twice the current limit, as a starting point; watch the real usage and adjust",
        commands: [ContainerPatch.applyCommand(limitPatch)], patch: limitPatch))
    if let heap, heap.runtime == "JVM" {
      let heapPatch = ContainerPatch.make(
        owner: owner, container: containerName, isInit: group.isInitContainer,
        fields: [
          (
            "env",
            .list([.map([("name", .scalar(heap.variable)), ("value", .scalar(heap.cappedValue))])])
          )
        ])
      recommendations.append(
        Recommendation(
          action:
            "Cap the heap to the container: replace \(heap.flag) with -XX:MaxRAMPercentage=75 in \(heap.variable)",
          rationale:
            "the JVM then sizes its heap from the memory limit (75% of it) and throws OutOfMemoryError before the kernel kills the container",
          commands: [ContainerPatch.applyCommand(heapPatch)], patch: heapPatch))
    }
    if let logMatch {
      let hint = logMatch.excerpt.first {
        let lower = $0.lowercased()
        return lower.contains("cache") || lower.contains("heap usage") || lower.contains("warn")
      }
      recommendations.append(
        Recommendation(
          action: "Reduce what \(containerName) keeps in memory (caches, batch sizes)",
          rationale: hint.map {
            "the logs before the error show: \($0.trimmingCharacters(in: .whitespaces))"
          }
            ?? "a bigger limit only helps if the use is bounded",
          commands: [logsCommand]))
    }

    let what =
      oomKilled
      ? "\(group.podPhrase) in \(statusPhrase), killed for using more memory than the \(limitText ?? "node has")\(limitText == nil ? "" : " limit")"
      : "\(group.podPhrase) running out of memory"
    return finding(
      title: title(what), rootCause: cause.joined(separator: " "), evidence: evidence,
      recommendations: recommendations)
  }
}
