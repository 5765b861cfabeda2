import Diagnosis
import Foundation
import Glibc

// The analyzers over a synthetic 10,000-pod cluster dump: wall time and peak
// memory of a child process running the engine, against a child running
// python3's json.load over the same file in the same run.
// Usage: meta-agent-bench diagnose [--pods N] [--runs R] [--keep]
//        meta-agent-bench diagnose-once FILE   (the child; prints its phases as JSON)
//        meta-agent-bench diagnose-generate PATH PODS   (the child writing the dump)

/// What one child process cost.
struct ChildRun {
  let seconds: Double
  /// ru_maxrss of that child alone, from wait4: bytes.
  let peakBytes: Int
  let status: Int32
  let output: String
}

/// Spawns `argv` with stdout into a pipe, waits with wait4 and returns the
/// child's own wall time, peak RSS and output.
func runChild(_ argv: [String]) -> ChildRun {
  var pipeFDs: [Int32] = [-1, -1]
  guard pipe(&pipeFDs) == 0 else {
    return ChildRun(seconds: 0, peakBytes: 0, status: -1, output: "")
  }
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
  posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
  posix_spawn_file_actions_addclose(&actions, pipeFDs[1])
  let cArgs = argv.map { strdup($0) } + [nil]
  defer { for arg in cArgs { free(arg) } }
  var pid: pid_t = 0
  let start = now()
  let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ)
  close(pipeFDs[1])
  guard spawned == 0 else {
    close(pipeFDs[0])
    return ChildRun(seconds: 0, peakBytes: 0, status: -1, output: "spawn failed: errno \(spawned)")
  }
  var output = Data()
  var buffer = [UInt8](repeating: 0, count: 4096)
  while true {
    let count = read(pipeFDs[0], &buffer, buffer.count)
    if count <= 0 { break }
    output.append(contentsOf: buffer[0..<count])
  }
  close(pipeFDs[0])
  var status: Int32 = 0
  var usage = rusage()
  _ = wait4(pid, &status, 0, &usage)
  let seconds = now() - start
  return ChildRun(
    seconds: seconds, peakBytes: Int(usage.ru_maxrss) * 1024, status: status,
    output: String(decoding: output, as: UTF8.self))
}

/// The child: read the file, add its objects, diagnose; print the phases.
func diagnoseOnce(arguments: [String]) -> Bool {
  guard let path = arguments.first else {
    print("usage: meta-agent-bench diagnose-once FILE")
    return false
  }
  let start = now()
  let data: Data
  do {
    data = try Data(contentsOf: URL(fileURLWithPath: path))
  } catch {
    print("meta-agent-bench: cannot read \(path): \(error)")
    return false
  }
  let read = now()
  var cluster = ClusterData(source: "capture \(path)")
  do {
    try cluster.addObjects(json: data, source: (path as NSString).lastPathComponent)
  } catch {
    print("meta-agent-bench: \(path): \(error)")
    return false
  }
  let added = now()
  let report = DiagnosisEngine.diagnose(cluster)
  let diagnosed = now()
  print(
    #"{"read": \#(read - start), "add_objects": \#(added - read), "diagnose": \#(diagnosed - added), "#
      + #""pods": \#(report.scope.pods), "findings": \#(report.findings.count)}"#)
  return true
}

/// The child that writes the dump: `diagnose-generate PATH PODS`; prints what is in it.
func generateDump(arguments: [String]) -> Bool {
  guard arguments.count == 2, let pods = Int(arguments[1]), pods > 0 else {
    print("usage: meta-agent-bench diagnose-generate PATH PODS")
    return false
  }
  do {
    let dump = try SyntheticClusterDump.write(pods: pods, to: arguments[0])
    print(String(decoding: try JSONEncoder().encode(dump), as: UTF8.self))
    return true
  } catch {
    print("\(arguments[0]): \(error)")
    return false
  }
}

/// The phases one engine child reported.
struct EnginePhases: Decodable {
  let read: Double
  let addObjects: Double
  let diagnose: Double
  let pods: Int
  let findings: Int
}

func diagnoseBenchmark(arguments: [String]) -> Bool {
  func value(_ flag: String, _ fallback: Int) -> Int? {
    guard let index = arguments.firstIndex(of: flag) else { return fallback }
    guard index + 1 < arguments.count, let value = Int(arguments[index + 1]), value > 0 else {
      return nil
    }
    return value
  }
  guard let podCount = value("--pods", 10_000), let runs = value("--runs", 5) else {
    print("usage: meta-agent-bench diagnose [--pods N] [--runs R] [--keep]  (N, R > 0)")
    return false
  }
  let python = "/usr/bin/python3"
  guard access(python, X_OK) == 0 else {
    print("meta-agent-bench: \(python) is needed as the peer; install python3")
    return false
  }
  let directory =
    NSTemporaryDirectory() + "meta-agent-bench-diagnose-\(UUID().uuidString.prefix(8))"
  let path = directory + "/cluster.json"
  let keep = arguments.contains("--keep")
  defer { if !keep { try? FileManager.default.removeItem(atPath: directory) } }
  let executable =
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
    ?? CommandLine.arguments[0]
  // The dump is written by a child: Linux carries the RSS high-water mark of
  // the memory a process execs from into its ru_maxrss, and posix_spawn execs
  // from the parent's, so the parent must never hold the 60 MB dump itself.
  do {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  } catch {
    print("meta-agent-bench: cannot create \(directory): \(error)")
    return false
  }
  let generator = runChild([executable, "diagnose-generate", path, String(podCount)])
  guard generator.status == 0,
    let dump = try? JSONDecoder().decode(
      SyntheticClusterDump.self, from: Data(generator.output.utf8))
  else {
    print("meta-agent-bench: cannot write the synthetic dump in \(directory): \(generator.output)")
    return false
  }
  let engineArgv = [executable, "diagnose-once", path]
  let pythonArgv = [python, "-c", "import json,sys; json.load(open(sys.argv[1]))", path]

  print(
    "Diagnosis over a synthetic cluster dump: \(dump.pods) pods (\(dump.crashing) crash-looping,"
      + " \(dump.pending) pending), \(dump.events) events, \(dump.workloads) workloads;"
      + String(format: " %.1f MB", Double(dump.bytes) / 1e6) + (keep ? " at \(path)" : "") + ".")
  print("\(runs) runs each, alternating, after one warm-up; every run is a fresh child process,")
  print("so wall time includes its start-up; peak RSS is that child's own (wait4 ru_maxrss).")

  // Warm-up: the page cache and the dynamic linker, for both.
  for argv in [pythonArgv, engineArgv] {
    let run = runChild(argv)
    guard run.status == 0 else {
      print(
        "meta-agent-bench: \(argv.prefix(2).joined(separator: " ")) failed (status \(run.status)):")
      print(run.output)
      return false
    }
  }
  var pythonRuns: [ChildRun] = []
  var engineRuns: [ChildRun] = []
  var phases: [EnginePhases] = []
  let decoder = JSONDecoder()
  decoder.keyDecodingStrategy = .convertFromSnakeCase
  for _ in 0..<runs {
    pythonRuns.append(runChild(pythonArgv))
    let engine = runChild(engineArgv)
    engineRuns.append(engine)
    if let phase = try? decoder.decode(EnginePhases.self, from: Data(engine.output.utf8)) {
      phases.append(phase)
    }
  }
  if let failed = (pythonRuns + engineRuns).first(where: { $0.status != 0 }) {
    print("meta-agent-bench: a child failed (status \(failed.status)): \(failed.output)")
    return false
  }

  let python3 = Measurement(
    name: "python3 json.load (the peer)", samples: pythonRuns.map(\.seconds))
  let engine = Measurement(
    name: "meta-agent: read + addObjects + diagnose", samples: engineRuns.map(\.seconds))
  let pythonPeak = pythonRuns.map(\.peakBytes).max() ?? 0
  let enginePeak = engineRuns.map(\.peakBytes).max() ?? 0
  print(padded("case", 44) + "  median ms     p90 ms  peak RSS MB")
  for (measurement, peak) in [(python3, pythonPeak), (engine, enginePeak)] {
    print(
      padded(measurement.name, 44)
        + String(
          format: "%11.1f %10.1f %12.1f", measurement.median * 1000,
          measurement.percentile(0.9) * 1000, Double(peak) / 1_048_576))
  }
  let timeRatio = engine.median / python3.median
  let memoryRatio = Double(enginePeak) / Double(max(1, pythonPeak))
  print(
    String(
      format: "ratio to python3 json.load: time %.2fx, peak memory %.2fx", timeRatio, memoryRatio))
  if !phases.isEmpty {
    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    print(
      String(
        format: "engine phases (median): read %.1f ms, addObjects %.1f ms, diagnose %.1f ms;",
        median(phases.map(\.read)) * 1000, median(phases.map(\.addObjects)) * 1000,
        median(phases.map(\.diagnose)) * 1000)
        + " the report covers \(phases[0].pods) pods with \(phases[0].findings) findings")
    if phases[0].pods != dump.pods {
      print(
        "note: the engine reported \(phases[0].pods) of \(dump.pods) pods; these numbers do not"
          + " measure a full diagnosis (is DiagnosisEngine still a stub?)")
    }
  }
  func verdict(_ met: Bool) -> String { met ? "met" : "NOT met" }
  let peakMB = Double(enginePeak) / 1_048_576
  print(
    "targets: ≤ 1 s " + verdict(engine.median <= 1) + String(format: " (%.2f s);", engine.median)
      + " ≤ 300 MB " + verdict(peakMB <= 300) + String(format: " (%.0f MB);", peakMB)
      + " within 2× of the parse: time " + verdict(timeRatio <= 2)
      + String(format: " (%.2fx), memory ", timeRatio) + verdict(memoryRatio <= 2)
      + String(format: " (%.2fx)", memoryRatio))
  return true
}
