import Foundation
import Testing

@testable import Diagnosis

@Suite("kubectl STATUS column")
struct PodStatusColumnTests {
  func column(_ pod: [String: Any]) throws -> PodStatusColumn {
    let data = try JSONSerialization.data(withJSONObject: pod)
    let pod = try JSONReader.readDocument(data) { reader throws(JSONReadError) in
      try KubePod(json: &reader, source: "test")
    }
    return PodStatusColumn(pod)
  }

  @Test("a running, ready pod is Running 1/1")
  func running() throws {
    let status = try column(
      PodFixture.pod(
        "a", containers: [PodFixture.container(ready: true, state: PodFixture.running)]))
    #expect(status.status == "Running")
    #expect(status.ready == "1/1")
    #expect(status.isHealthy)
  }

  @Test("a waiting container's reason replaces the phase")
  func waiting() throws {
    let status = try column(
      PodFixture.pod(
        "a",
        containers: [
          PodFixture.container(restarts: 4, state: PodFixture.waiting("CrashLoopBackOff"))
        ]))
    #expect(status.status == "CrashLoopBackOff")
    #expect(status.restarts == 4)
    #expect(!status.isHealthy)
  }

  @Test("a failing init container shows as Init:REASON and counts init restarts")
  func initCrashLoop() throws {
    let status = try column(
      PodFixture.pod(
        "a", phase: "Pending",
        containers: [PodFixture.container(state: PodFixture.waiting("PodInitializing"))],
        initContainers: [
          PodFixture.container("wait", restarts: 8, state: PodFixture.waiting("CrashLoopBackOff"))
        ], specInitContainers: ["wait"]))
    #expect(status.status == "Init:CrashLoopBackOff")
    #expect(status.restarts == 8)
  }

  @Test("an init container still running shows Init:N/M")
  func initProgress() throws {
    let status = try column(
      PodFixture.pod(
        "a", phase: "Pending",
        containers: [PodFixture.container(state: PodFixture.waiting("PodInitializing"))],
        initContainers: [
          PodFixture.container("first", state: PodFixture.terminated(0, "Completed")),
          PodFixture.container("second", state: PodFixture.running),
        ], specInitContainers: ["first", "second"]))
    #expect(status.status == "Init:1/2")
  }

  @Test("an init container that failed without a reason shows Init:ExitCode:N")
  func initExitCode() throws {
    let status = try column(
      PodFixture.pod(
        "a", phase: "Pending",
        initContainers: [PodFixture.container("i", state: PodFixture.terminated(3))],
        specInitContainers: ["i"]))
    #expect(status.status == "Init:ExitCode:3")
  }

  @Test("an evicted pod shows Evicted even when its container status is unknown")
  func evicted() throws {
    let status = try column(
      PodFixture.pod(
        "a", phase: "Failed", reason: "Evicted",
        containers: [
          PodFixture.container(state: PodFixture.terminated(137, "ContainerStatusUnknown"))
        ]))
    #expect(status.status == "Evicted")
    #expect(!status.isHealthy)
  }

  @Test("a finished pod is Completed and healthy")
  func completed() throws {
    let status = try column(
      PodFixture.pod(
        "a", phase: "Succeeded",
        containers: [PodFixture.container(state: PodFixture.terminated(0, "Completed"))]))
    #expect(status.status == "Completed")
    #expect(status.ready == "0/1")
    #expect(status.isHealthy)
  }

  @Test("a terminated container without a reason shows ExitCode:N")
  func exitCode() throws {
    let status = try column(
      PodFixture.pod(
        "a", phase: "Failed", containers: [PodFixture.container(state: PodFixture.terminated(2))]))
    #expect(status.status == "ExitCode:2")
  }

  @Test("one container running and one completed is Running (NotReady without the Ready condition)")
  func completedWithRunning() throws {
    let containers = [
      PodFixture.container("a", ready: true, state: PodFixture.running),
      PodFixture.container("b", state: PodFixture.terminated(0, "Completed")),
    ]
    let notReady = try column(PodFixture.pod("p", containers: containers))
    #expect(notReady.status == "NotReady")
    let ready = try column(
      PodFixture.pod(
        "p", containers: containers, conditions: [["type": "Ready", "status": "True"]]))
    #expect(ready.status == "Running")
    #expect(ready.ready == "1/2")
  }

  @Test("a pending pod that is not scheduled stays Pending")
  func pending() throws {
    let status = try column(PodFixture.pod("a", phase: "Pending", specContainers: ["app"]))
    #expect(status.status == "Pending")
    #expect(status.ready == "0/1")
  }
}
