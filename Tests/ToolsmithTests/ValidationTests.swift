import Sandbox
import Testing

@testable import Toolsmith

@Suite("Validation runs the interpreter's parser, the policy and a dry run in the sandbox")
struct ValidationTests {
  @Test(
    "both rendered templates validate clean and list exactly the catalog's tools",
    .enabled(if: Support.hasPython))
  func renderedTemplatesAreClean() throws {
    for entry in CapabilityCatalog.standard.entries {
      let rendered = try ToolRenderer.render(entry)
      let report = try Support.validate(rendered.code, entry)
      #expect(report.findings.isEmpty, "\(entry.name): \(report.findings)")
      #expect(report.isClean)
      #expect(report.declaredTools == entry.functionNames)
      #expect(report.digest == rendered.digest)
    }
  }

  @Test(
    "hostile variants are rejected for the right reason, at the right line",
    .enabled(if: Support.hasPython))
  func hostileVariants() throws {
    let entry = KubectlCapability.entry
    // (replace, with, expected rule, the line the finding must point at)
    let cases: [(String, String, ValidationFinding.Rule, String)] = [
      ("check=False,", "check=False, shell=True,", .shell, "shell=True"),
      ("import sys\n", "import sys\nimport os\nos.system('id')\n", .forbiddenImport, "import os"),
      ("MAX_OUTPUT_BYTES = ", "eval('1')\nMAX_OUTPUT_BYTES = ", .forbiddenCall, "eval('1')"),
      ("import sys\n", "import sys\nimport socket\n", .forbiddenImport, "import socket"),
      ("[KUBECTL] + args,\n", "['/bin/sh', '-c'] + args,\n", .subprocessBinary, "/bin/sh"),
      ("[KUBECTL] + args,\n", "' '.join(args),\n", .subprocessArgv, "' '.join"),
      ("import sys\n", "import sys\nimport urllib.request\n", .forbiddenImport, "import urllib"),
      ("return payload\n", "return payload.__class__\n", .dunder, "__class__"),
    ]
    for (old, new, rule, marker) in cases {
      let code = try Support.kubectlCode(replacing: old, with: new)
      let report = try Support.validate(code, entry)
      #expect(!report.isClean, "\(new) passed")
      #expect(!report.handshakeRan, "hostile code must not run")
      let found = report.findings(rule)
      #expect(!found.isEmpty, "\(new): expected \(rule), got \(report.findings)")
      let line = code.split(separator: "\n", omittingEmptySubsequences: false)
        .firstIndex { $0.contains(marker) }.map { $0 + 1 }
      #expect(found.contains { $0.line == line }, "\(new): \(found) not at line \(line ?? -1)")
    }
  }

  @Test(
    "os.system is named as the forbidden call when os is allowed (logfile)",
    .enabled(if: Support.hasPython))
  func osSystem() throws {
    let entry = LogfileCapability.entry
    let code = try ToolRenderer.render(entry).code.replacingOccurrences(
      of: "MAX_ENTRIES = 1000\n", with: "MAX_ENTRIES = 1000\nos.system('id')\nopen('/x', 'w')\n")
    let report = try Support.validate(code, entry)
    let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
    let expected = ["os.system('id')", "open('/x', 'w')"].map { line in
      lines.firstIndex { $0 == line }.map { $0 + 1 }
    }
    #expect(report.findings(.forbiddenCall).map(\.line) == expected)
    #expect(report.findings(.forbiddenCall).first?.message.contains("os.system") == true)
  }

  @Test(
    "a syntax error is reported by the interpreter's parser with its line",
    .enabled(if: Support.hasPython))
  func syntaxError() throws {
    let code = try Support.kubectlCode(
      replacing: "def scope(arguments):", with: "def scope(arguments)")
    let report = try Support.validate(code, KubectlCapability.entry)
    let line = code.split(separator: "\n", omittingEmptySubsequences: false)
      .firstIndex { $0 == "def scope(arguments)" }.map { $0 + 1 }
    #expect(report.findings.map(\.rule) == [.syntax])
    #expect(report.findings.first?.line == line)
  }

  @Test(
    "a server declaring a tool the catalog lacks fails the dry run",
    .enabled(if: Support.hasPython))
  func toolsMismatch() throws {
    var entry = KubectlCapability.entry
    let code = try ToolRenderer.render(entry).code
    entry.functions.removeAll { $0.name == "kubectl_get_events" }
    let report = try Support.validate(code, entry)
    #expect(report.handshakeRan)
    #expect(report.findings.map(\.rule) == [.toolsMismatch])
    #expect(report.findings.first?.message.contains("kubectl_get_events") == true)
  }
}
