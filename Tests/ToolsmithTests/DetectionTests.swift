import Testing

@testable import Toolsmith

@Suite("Detection says which tool a request needs, and why")
struct DetectionTests {
  @Test("the reference request needs kubectl, for pods, EKS and cluster, and nothing else")
  func referenceRequest() {
    let needs = ToolDetector.detect(
      request: "My pods in EKS cluster are crashing, check the logs and diagnose the issue",
      installed: [])
    #expect(needs.map(\.entry.name) == ["kubectl"])
    #expect(
      needs.first?.matchedWords == ["pods", "EKS", "cluster", "crashing", "logs", "diagnose"])
    #expect(needs.first?.reason == "no verified kubectl tool in the registry")
    #expect(
      needs.first?.explanation
        == "kubectl: the request mentions pods, EKS, cluster (with crashing, logs, diagnose); "
        + "no verified kubectl tool in the registry")
  }

  @Test("a request about log files needs the log-file reader, not kubectl")
  func logFiles() {
    let needs = ToolDetector.detect(
      request: "Show me the last 50 lines of the nginx error log file in /var/log", installed: [])
    #expect(needs.map(\.entry.name) == ["logfile"])
    #expect(needs.first?.matchedWords.contains("log file") == true)
  }

  @Test("an unrelated request, or supporting words alone, call for nothing")
  func unrelated() {
    #expect(ToolDetector.detect(request: "What is the capital of France?", installed: []).isEmpty)
    #expect(ToolDetector.detect(request: "check the logs please", installed: []).isEmpty)
    #expect(ToolDetector.detect(request: "a podcast about clusterfudge", installed: []).isEmpty)
  }

  @Test("an installed tool is not missing")
  func installedIsNotMissing() {
    let request = "list the pods in namespace shop"
    #expect(ToolDetector.detect(request: request, installed: ["kubectl"]).isEmpty)
    #expect(ToolDetector().matches(request: request).map(\.entry.name) == ["kubectl"])
  }

  @Test("stems meet: plurals, -ing and -ed forms match their trigger")
  func stems() {
    #expect(WordStemmer.stem("pods") == WordStemmer.stem("pod"))
    #expect(WordStemmer.stem("crashing") == "crash")
    #expect(WordStemmer.stem("crashed") == "crash")
    #expect(WordStemmer.stem("namespaces") == WordStemmer.stem("namespace"))
    #expect(WordStemmer.stem("Kubernetes") == WordStemmer.stem("kubernetes"))
    #expect(WordStemmer.stem("logging") == "log")
  }
}
