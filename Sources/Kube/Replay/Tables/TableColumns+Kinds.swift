import Foundation

extension TableColumns {
  static let pod: [Column] = [
    name,
    Column(name: "Ready") { object, now in .string(PodStatusSummary(object, now: now).ready) },
    Column(name: "Status") { object, now in .string(PodStatusSummary(object, now: now).status) },
    Column(name: "Restarts") { object, now in
      .string(PodStatusSummary(object, now: now).restarts)
    },
    age,
    Column(name: "IP", wide: true) { object, _ in
      let ip =
        object.value(at: "status.podIPs")?.arrayValue.first?.string(at: "ip")
        ?? object.string(at: "status.podIP") ?? ""
      return .string(ip.isEmpty ? "<none>" : ip)
    },
    text("Node", "spec.nodeName", wide: true, empty: "<none>"),
    text("Nominated Node", "status.nominatedNodeName", wide: true, empty: "<none>"),
    Column(name: "Readiness Gates", wide: true) { object, _ in
      let gates = object.value(at: "spec.readinessGates")?.arrayValue ?? []
      guard !gates.isEmpty else { return "<none>" }
      let conditions = object.value(at: "status.conditions")?.arrayValue ?? []
      let passing = gates.filter { gate in
        conditions.contains {
          $0.string(at: "type") == gate.string(at: "conditionType")
            && $0.string(at: "status") == "True"
        }
      }
      return .string("\(passing.count)/\(gates.count)")
    },
  ]

  static let event: [Column] = [
    Column(name: "Last Seen") { object, now in .string(EventTimes(object, now: now).last) },
    text("Type", "type"),
    text("Reason", "reason"),
    Column(name: "Object") { object, _ in
      let involved = object["involvedObject"] ?? object["regarding"] ?? [:]
      let kind = (involved.string(at: "kind") ?? "").lowercased()
      let name = involved.string(at: "name") ?? ""
      return .string(name.isEmpty ? kind : "\(kind)/\(name)")
    },
    Column(name: "Subobject", wide: true) { object, _ in
      .string(
        object.string(at: "involvedObject.fieldPath") ?? object.string(at: "regarding.fieldPath")
          ?? "")
    },
    Column(name: "Source", wide: true) { object, _ in
      let component =
        [
          object.string(at: "source.component"), object.string(at: "deprecatedSource.component"),
          object.string(at: "reportingComponent"), object.string(at: "reportingController"),
        ].compactMap { $0 }.first { !$0.isEmpty } ?? ""
      let host =
        [
          object.string(at: "source.host"), object.string(at: "deprecatedSource.host"),
          object.string(at: "reportingInstance"),
        ].compactMap { $0 }.first { !$0.isEmpty } ?? ""
      return .string(host.isEmpty ? component : "\(component), \(host)")
    },
    Column(name: "Message") { object, _ in
      .string(
        (object.string(at: "message") ?? object.string(at: "note") ?? "")
          .trimmingCharacters(in: .whitespacesAndNewlines))
    },
    Column(name: "First Seen", wide: true) { object, now in
      .string(EventTimes(object, now: now).first)
    },
    Column(name: "Count", wide: true) { object, now in
      .integer(EventTimes(object, now: now).count)
    },
    Column(name: "Name", wide: true, isName: true) { object, _ in
      .string(object.string(at: "metadata.name") ?? "")
    },
  ]

  static let node: [Column] = [
    name,
    Column(name: "Status") { object, _ in
      let ready = (object.value(at: "status.conditions")?.arrayValue ?? []).first {
        $0.string(at: "type") == "Ready"
      }
      var status: String
      switch ready?.string(at: "status") {
      case "True"?: status = "Ready"
      case "False"?: status = "NotReady"
      default: status = "Unknown"
      }
      if object.value(at: "spec.unschedulable") == .bool(true) {
        status += ",SchedulingDisabled"
      }
      return .string(status)
    },
    Column(name: "Roles") { object, _ in
      let labels = object.value(at: "metadata.labels")?.objectValue ?? [:]
      var roles = Set<String>()
      for (key, value) in labels {
        if key.hasPrefix("node-role.kubernetes.io/") {
          let role = String(key.dropFirst("node-role.kubernetes.io/".count))
          if !role.isEmpty { roles.insert(role) }
        } else if key == "kubernetes.io/role", let role = value.stringValue, !role.isEmpty {
          roles.insert(role)
        }
      }
      return .string(roles.isEmpty ? "<none>" : roles.sorted().joined(separator: ","))
    },
    age,
    text("Version", "status.nodeInfo.kubeletVersion"),
    Column(name: "Internal-IP", wide: true) { object, _ in
      .string(nodeAddress(object, "InternalIP"))
    },
    Column(name: "External-IP", wide: true) { object, _ in
      .string(nodeAddress(object, "ExternalIP"))
    },
    text("OS-Image", "status.nodeInfo.osImage", wide: true, empty: "<unknown>"),
    text("Kernel-Version", "status.nodeInfo.kernelVersion", wide: true, empty: "<unknown>"),
    text(
      "Container-Runtime", "status.nodeInfo.containerRuntimeVersion", wide: true, empty: "<unknown>"
    ),
  ]

  private static func nodeAddress(_ node: JSONValue, _ type: String) -> String {
    let addresses = (node.value(at: "status.addresses")?.arrayValue ?? [])
      .filter { $0.string(at: "type") == type }.compactMap { $0.string(at: "address") }
    return addresses.isEmpty ? "<none>" : addresses.joined(separator: ",")
  }

  static let persistentVolumeClaim: [Column] = [
    name,
    Column(name: "Status") { object, _ in
      .string(
        object.string(at: "metadata.deletionTimestamp") != nil
          ? "Terminating" : object.string(at: "status.phase") ?? "")
    },
    text("Volume", "spec.volumeName"),
    Column(name: "Capacity") { object, _ in
      guard !(object.string(at: "spec.volumeName") ?? "").isEmpty else { return "" }
      return .string(object.string(at: "status.capacity.storage") ?? "")
    },
    Column(name: "Access Modes") { object, _ in
      guard !(object.string(at: "spec.volumeName") ?? "").isEmpty else { return "" }
      return .string(accessModes(object.value(at: "status.accessModes")))
    },
    text("StorageClass", "spec.storageClassName"),
    text("VolumeAttributesClass", "spec.volumeAttributesClassName", empty: "<unset>"),
    age,
    text("VolumeMode", "spec.volumeMode", wide: true, empty: "<unset>"),
  ]

  static let persistentVolume: [Column] = [
    name,
    text("Capacity", "spec.capacity.storage"),
    Column(name: "Access Modes") { object, _ in
      .string(accessModes(object.value(at: "spec.accessModes")))
    },
    text("Reclaim Policy", "spec.persistentVolumeReclaimPolicy"),
    text("Status", "status.phase"),
    Column(name: "Claim") { object, _ in
      guard let claim = object.string(at: "spec.claimRef.name") else { return "" }
      return .string("\(object.string(at: "spec.claimRef.namespace") ?? "")/\(claim)")
    },
    text("StorageClass", "spec.storageClassName"),
    text("VolumeAttributesClass", "spec.volumeAttributesClassName", empty: "<unset>"),
    text("Reason", "status.reason"),
    age,
    text("VolumeMode", "spec.volumeMode", wide: true, empty: "<unset>"),
  ]

  /// `RWO,ROX` as kubectl abbreviates access modes.
  private static func accessModes(_ modes: JSONValue?) -> String {
    let short = [
      "ReadWriteOnce": "RWO", "ReadOnlyMany": "ROX", "ReadWriteMany": "RWX",
      "ReadWriteOncePod": "RWOP",
    ]
    return (modes?.arrayValue ?? []).compactMap { $0.stringValue.map { short[$0] ?? $0 } }
      .joined(separator: ",")
  }

  static let service: [Column] = [
    name,
    text("Type", "spec.type"),
    text("Cluster-IP", "spec.clusterIP", empty: "<none>"),
    Column(name: "External-IP") { object, _ in
      let external = (object.value(at: "spec.externalIPs")?.arrayValue ?? []).compactMap(
        \.stringValue)
      let ingress = (object.value(at: "status.loadBalancer.ingress")?.arrayValue ?? [])
        .compactMap { $0.string(at: "ip") ?? $0.string(at: "hostname") }
      switch object.string(at: "spec.type") {
      case "LoadBalancer"?:
        let all = ingress + external
        return .string(all.isEmpty ? "<pending>" : all.joined(separator: ","))
      case "ExternalName"?: return .string(object.string(at: "spec.externalName") ?? "")
      default: return .string(external.isEmpty ? "<none>" : external.joined(separator: ","))
      }
    },
    Column(name: "Port(s)") { object, _ in
      let ports = (object.value(at: "spec.ports")?.arrayValue ?? []).map { port -> String in
        let number = port.integer(at: "port") ?? 0
        let proto = port.string(at: "protocol") ?? "TCP"
        if let nodePort = port.integer(at: "nodePort"), nodePort != 0 {
          return "\(number):\(nodePort)/\(proto)"
        }
        return "\(number)/\(proto)"
      }
      return .string(ports.isEmpty ? "<none>" : ports.joined(separator: ","))
    },
    age,
    Column(name: "Selector", wide: true) { object, _ in
      .string(mapText(object.value(at: "spec.selector")))
    },
  ]

  static let deployment: [Column] =
    [
      name,
      Column(name: "Ready") { object, _ in
        .string(
          "\(object.integer(at: "status.readyReplicas") ?? 0)/\(object.integer(at: "spec.replicas") ?? 0)"
        )
      },
      number("Up-to-date", "status.updatedReplicas"),
      number("Available", "status.availableReplicas"),
      age,
    ] + templateColumns()

  static let replicaSet: [Column] =
    [
      name, number("Desired", "spec.replicas"), number("Current", "status.replicas"),
      number("Ready", "status.readyReplicas"), age,
    ] + templateColumns()

  static let statefulSet: [Column] =
    [
      name,
      Column(name: "Ready") { object, _ in
        .string(
          "\(object.integer(at: "status.readyReplicas") ?? 0)/\(object.integer(at: "spec.replicas") ?? 0)"
        )
      },
      age,
    ] + templateColumns(selector: false)

  static let daemonSet: [Column] =
    [
      name, number("Desired", "status.desiredNumberScheduled"),
      number("Current", "status.currentNumberScheduled"), number("Ready", "status.numberReady"),
      number("Up-to-date", "status.updatedNumberScheduled"),
      number("Available", "status.numberAvailable"),
      Column(name: "Node Selector") { object, _ in
        .string(mapText(object.value(at: "spec.template.spec.nodeSelector")))
      },
      age,
    ] + templateColumns()

  static let job: [Column] =
    [
      name,
      Column(name: "Status") { object, _ in
        let conditions = (object.value(at: "status.conditions")?.arrayValue ?? []).filter {
          $0.string(at: "status") == "True"
        }.compactMap { $0.string(at: "type") }
        for state in ["Failed", "Complete", "Suspended", "FailureTarget", "SuccessCriteriaMet"]
        where conditions.contains(state) {
          return .string(state)
        }
        return "Running"
      },
      Column(name: "Completions") { object, _ in
        let succeeded = object.integer(at: "status.succeeded") ?? 0
        guard let completions = object.integer(at: "spec.completions") else {
          return .string("\(succeeded)/1 of \(object.integer(at: "spec.parallelism") ?? 1)")
        }
        return .string("\(succeeded)/\(completions)")
      },
      Column(name: "Duration") { object, now in
        guard let start = object.string(at: "status.startTime").flatMap(HumanDuration.parse)
        else { return "" }
        let end = object.string(at: "status.completionTime").flatMap(HumanDuration.parse) ?? now
        return .string(HumanDuration.format(end.timeIntervalSince(start)))
      },
      age,
    ] + templateColumns()
}

/// LAST SEEN, FIRST SEEN and COUNT of an event, from whichever timestamps it has.
struct EventTimes {
  var first: String
  var last: String
  var count: Int64

  init(_ event: JSONValue, now: Date) {
    let firstStamp =
      event.string(at: "firstTimestamp") ?? event.string(at: "deprecatedFirstTimestamp")
      ?? event.string(at: "eventTime")
    first = HumanDuration.since(firstStamp, now: now)
    let lastStamp =
      event.string(at: "lastTimestamp") ?? event.string(at: "deprecatedLastTimestamp")
    last = lastStamp.map { HumanDuration.since($0, now: now) } ?? first
    count = event.integer(at: "count") ?? event.integer(at: "deprecatedCount") ?? 0
    if let series = event["series"], series != .null {
      last = HumanDuration.since(series.string(at: "lastObservedTime"), now: now)
      count = series.integer(at: "count") ?? count
    } else if count == 0 {
      count = 1
    }
  }
}
