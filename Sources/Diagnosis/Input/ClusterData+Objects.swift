import Foundation

extension ClusterData {
  /// Adds what `kubectl get ... -o json` printed: a single object, a `List`, or a typed list
  /// (`PodList`, whose items may lack kind/apiVersion). Kinds the engine does not read are ignored;
  /// of Secrets only names and key names are kept. `source` names the input in evidence.
  public mutating func addObjects(json: Data, source: String) throws(DiagnosisInputError) {
    try addObjects(
      json: json, source: source, parallelFrom: KubeDocumentReader.parallelMinimumItems)
  }

  /// `parallelFrom`: lists with at least this many items are read on every core
  /// (tests pass 1 or `Int.max` to take one path or the other).
  mutating func addObjects(json: Data, source: String, parallelFrom minimumItems: Int)
    throws(DiagnosisInputError)
  {
    let document: KubeDocument
    do {
      document = try KubeDocumentReader.read(json, source: source, parallelFrom: minimumItems)
    } catch {
      throw DiagnosisInputError(error, in: json, source: source)
    }
    add(document, source: source)
  }

  /// Adds the kubectl MCP tool's events answer: `{"events": [{type, reason, message, object,
  /// count, last_seen}], "items": [raw events]?}` or a bare array of such summaries. Raw
  /// `items` are preferred; a summary's object is matched by name against known objects.
  public mutating func addToolEvents(
    json: Data, namespace: String?, source: String
  ) throws(DiagnosisInputError) {
    let answer: ToolEventsAnswer
    do {
      answer = try ToolEventsAnswer.read(json)
    } catch {
      throw DiagnosisInputError(error, in: json, source: source, toolAnswer: true)
    }
    if let failure = answer.failure {
      throw .invalidToolEvents(source: source, problem: "the kubectl tool failed: \(failure)")
    }
    if let raw = answer.raw, !raw.objects.isEmpty || answer.summaries.isEmpty {
      add(raw, source: source)
      return
    }
    objects.capturedKinds.insert("Event")
    for summary in answer.summaries {
      objects.events.append(summary.event(namespace: namespace, source: source))
    }
  }

  mutating func add(_ document: KubeDocument, source: String) {
    objects.capturedKinds.formUnion(document.kinds)
    for object in document.objects {
      switch object {
      case .pod(let pod):
        objects.pods.append(pod)
      case .event(let wire):
        objects.events.append(wire.normalized(source: source))
      case .workload(var workload):
        workload.source = source
        objects.workloads.append(workload)
      case .node(var node):
        node.source = source
        objects.nodes.append(node)
      case .claim(var claim):
        claim.source = source
        objects.claims.append(claim)
      case .storageClass(let storageClass): objects.storageClasses.append(storageClass)
      case .configMap(let configMap): objects.configMaps.append(configMap)
      case .secret(let secret): objects.secrets.append(secret)
      case .service(let service): objects.services.append(service)
      case .ignored: break
      }
    }
  }
}
