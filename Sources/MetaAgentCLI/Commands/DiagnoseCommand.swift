import Agent
import ArgumentParser
import Diagnosis
import Foundation
import Kube

/// `meta-agent diagnose --from DIR [-n NS] [--output text|markdown|json]`
struct DiagnoseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diagnose",
    abstract: "Diagnose a captured cluster offline (no cluster, no tools, no sandbox needed).",
    discussion: """
      DIR is a capture (docs/capture-format.md): what `meta-agent cluster capture`
      records, or any folder of `kubectl get -o json|yaml` output with logs under
      logs/<namespace>/<pod>/<container>[.previous].log.
      Exit codes: 0 diagnosed (healthy or not), 1 the capture cannot be read, 2 usage.
      """)

  @Option(help: ArgumentHelp("The capture directory.", valueName: "DIR"))
  var from: String

  @Option(
    name: [.customShort("n"), .long], help: "Only this namespace (default: every namespace).")
  var namespace: String?

  @OptionGroup var report: ReportOptions

  func validate() throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: from, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      throw ValidationError("--from \(from): no such directory; give a capture directory")
    }
  }

  func run() throws {
    let data: ClusterData
    do {
      data = try CaptureInput.load(URL(fileURLWithPath: from))
    } catch let error as ReplayError {
      printError(error.located(in: from).description)
      throw ExitCode.error
    } catch {
      let line = errorLine(error, step: "reading the capture")
      // Errors about one file name it already; the others need the directory.
      let named = line.contains(URL(fileURLWithPath: from).path) || line.contains(from)
      printError(named ? line : "\(from): \(line)")
      throw ExitCode.error
    }
    let diagnosis = DiagnosisEngine.diagnose(data, namespace: namespace)
    let text = report.render(diagnosis)
    FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
  }
}
