import Diagnosis

/// Reports built by hand, shaped like the engine's answers, for the renderer specifications.
enum RenderingFixtures {
  static let memoryPatch = """
    spec:
      template:
        spec:
          containers:
          - name: payment-service
            resources:
              limits:
                memory: 2560Mi
              requests:
                memory: 2560Mi
    """

  /// Longer than any width the tests use, so wrapping it would show.
  static let longCommand =
    "kubectl get events -n production --field-selector involvedObject.name=payment-service-7d9f8b6c5-x2k4p,reason=BackOff --sort-by=.lastTimestamp -o wide"

  static let heapLogLine = "Terminating due to java.lang.OutOfMemoryError: Java heap space"
  static let longLogLine =
    "2025-06-10T10:42:58.301Z ERROR 1 --- [payment-service] [   scheduling-1] c.a.payments.settlement.SettlementJob    : Settlement batch failed: java.lang.OutOfMemoryError: Java heap space"

  static let rootCause =
    "The payment-service container may use at most 512Mi of memory, but its JVM is allowed a heap of up to 2g (-Xmx2g in JAVA_OPTS). When the merchant cache warms up, the heap outgrows the limit and the kernel kills the container (OOMKilled, exit code 137); the kubelet restarts it and backs off longer each time."

  static func pod(
    _ name: String, namespace: String = "production", status: String = "Running",
    ready: String = "1/1", restarts: Int = 0, lastTermination: String? = nil,
    node: String? = "ip-10-0-1-23.ec2.internal", owner: String = "payment-service"
  ) -> PodStatusRow {
    PodStatusRow(
      namespace: namespace, name: name, status: status, ready: ready, restarts: restarts,
      lastTermination: lastTermination, node: node,
      owner: ObjectReference(kind: "Deployment", namespace: namespace, name: owner),
      unhealthy: !(status == "Running" && ready.split(separator: "/").allSatisfy { $0 == "1" })
        && status != "Completed")
  }

  static let crashingPods = [
    ("payment-service-7d9f8b6c5-x2k4p", 15, "ip-10-0-1-23.ec2.internal"),
    ("payment-service-7d9f8b6c5-m8qzt", 16, "ip-10-0-2-117.ec2.internal"),
    ("payment-service-7d9f8b6c5-r5wnj", 15, "ip-10-0-3-54.ec2.internal"),
  ].map { name, restarts, node in
    pod(
      name, status: "CrashLoopBackOff", ready: "0/1", restarts: restarts,
      lastTermination: "OOMKilled (exit 137)", node: node)
  }

  static let deployment = ObjectReference(
    kind: "Deployment", namespace: "production", name: "payment-service")

  /// The reference scenario: three payment-service pods crash-looping, OOMKilled
  /// with exit 137, the JVM's heap error in the previous log, and a patch raising
  /// the 512Mi memory limit.
  static var referenceScenario: DiagnosisReport {
    let oom = Finding(
      kind: "oom-killed", severity: .critical,
      title: "payment-service: 3 pods in CrashLoopBackOff, killed for using too much memory",
      affected: [deployment]
        + crashingPods.map {
          ObjectReference(kind: "Pod", namespace: "production", name: $0.name)
        },
      rootCause: rootCause,
      evidence: [
        Evidence(
          fact: "Last state OOMKilled (exit code 137) on all 3 pods, 15 to 16 restarts each.",
          source:
            "pod production/payment-service-7d9f8b6c5-x2k4p status.containerStatuses[payment-service].lastState.terminated"
        ),
        Evidence(
          fact: "The previous container's log ends with the JVM running out of heap.",
          source:
            "logs production/payment-service-7d9f8b6c5-x2k4p/payment-service (previous) line 61",
          excerpt: [
            longLogLine, "\tat java.base/java.lang.Thread.run(Thread.java:1583)", heapLogLine,
          ]
        ),
        Evidence(
          fact: "The memory limit is 512Mi while JAVA_OPTS allows -Xmx2g.",
          source:
            "deployment production/payment-service spec.template.spec.containers[payment-service]"
        ),
        Evidence(
          fact: "The kubelet keeps backing off restarts.",
          source: "event Warning BackOff on pod/payment-service-7d9f8b6c5-x2k4p (×63)",
          excerpt: [
            "Back-off restarting failed container payment-service in pod payment-service-7d9f8b6c5-x2k4p_production(959defd9-0d08-0b19-f0cd-4707f72af173)"
          ]),
      ],
      recommendations: [
        Recommendation(
          action: "Raise the memory limit of payment-service from 512Mi to 2560Mi.",
          rationale:
            "The JVM may grow its heap to 2g and needs room beyond the heap for metaspace, threads and buffers; 2560Mi covers -Xmx2g with 25% to spare.",
          commands: ["kubectl top pod -n production -l app=payment-service", longCommand],
          patch: Patch(target: deployment, yaml: memoryPatch)),
        Recommendation(
          action: "Or keep the limit and cap the heap below it, e.g. -Xmx384m in JAVA_OPTS.",
          commands: [
            "kubectl set env deployment/payment-service -n production JAVA_OPTS='-Xms256m -Xmx384m -XX:+ExitOnOutOfMemoryError'"
          ]),
      ],
      confidence: .high)
    let pull = Finding(
      kind: "image-pull-transient", severity: .warning,
      title:
        "payment-service-7d9f8b6c5-r5wnj: pulling the db-migrate image failed 3 times before it worked",
      affected: [
        ObjectReference(
          kind: "Pod", namespace: "production", name: "payment-service-7d9f8b6c5-r5wnj")
      ],
      rootCause:
        "The registry refused or timed out three pulls of payment-db-migrate:2.14.1 before one succeeded; the pod started, so this delayed it but does not explain the crashes.",
      evidence: [
        Evidence(
          fact: "3 failed pulls, then a successful one.",
          source: "event Warning Failed on pod/payment-service-7d9f8b6c5-r5wnj (×3)",
          excerpt: ["Error: ErrImagePull"])
      ],
      recommendations: [
        Recommendation(
          action: "Check the node's route to the registry if it happens again.",
          commands: ["kubectl describe pod payment-service-7d9f8b6c5-r5wnj -n production"])
      ],
      confidence: .medium)
    return DiagnosisReport(
      scope: DiagnosisScope(
        namespace: "production", pods: 3, events: 33, logs: 9,
        source: "capture Tests/KubeTests/Scenarios/reference-oom-crashloop"),
      healthy: false,
      summary:
        "payment-service is down: all 3 pods crash-loop because the container is killed for exceeding its 512Mi memory limit.",
      pods: crashingPods, findings: [oom, pull])
  }

  static var healthy: DiagnosisReport {
    DiagnosisReport(
      scope: DiagnosisScope(
        namespace: "production", pods: 2, events: 4, logs: 2,
        source: "capture Tests/KubeTests/Scenarios/healthy"),
      healthy: true, summary: "All 2 pods in production are running and ready.",
      pods: [
        pod("orders-api-5c7d9-abcde", owner: "orders-api"),
        pod("orders-api-5c7d9-fghij", owner: "orders-api"),
      ],
      findings: [])
  }

  /// `count` pods over several namespaces, every twentieth one crash-looping.
  static func manyPods(_ count: Int) -> DiagnosisReport {
    var pods: [PodStatusRow] = []
    for index in 0..<count {
      let namespace = "team-\(index % 7)"
      if index % 20 == 7 {
        pods.append(
          pod(
            "worker-\(index)-crash", namespace: namespace, status: "CrashLoopBackOff", ready: "0/1",
            restarts: 9, lastTermination: "OOMKilled (exit 137)", owner: "worker"))
      } else {
        pods.append(pod("web-\(index)-ok", namespace: namespace, owner: "web"))
      }
    }
    var report = referenceScenario
    report.scope = DiagnosisScope(
      namespace: nil, pods: count, events: count / 4, logs: 0, source: "capture /tmp/big")
    report.pods = pods
    return report
  }
}
