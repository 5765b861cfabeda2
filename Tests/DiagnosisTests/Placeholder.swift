import Diagnosis
import Testing

@Test("a severity sorts critical first")
func severityOrder() {
  #expect(Severity.allCases.sorted() == [.critical, .warning, .info])
}
