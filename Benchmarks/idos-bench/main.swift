import Foundation

// idos-bench [suite...]: runs the named suites (default: all) and prints one table.
// Each suite measures our code and, in the same run, a reference implementation; ratio = ours / reference.
// Reference programs live in Benchmarks/reference/ and are built by Benchmarks/run.sh; their directory is
// passed in IDOS_BENCH_REF_DIR.

let suites: [(name: String, run: @MainActor (BenchReport) async throws -> Void)] = [
    ("crypto", runCryptoBenchmarks),
    ("kwil", runKwilBenchmarks),
    ("vc", runVCBenchmarks),
    ("devnode", runDevNodeBenchmarks),
]

let requested = Set(CommandLine.arguments.dropFirst())
let report = BenchReport()
BenchReport.printHeader()
for suite in suites where requested.isEmpty || requested.contains(suite.name) {
    do { try await suite.run(report) } catch { print("suite \(suite.name) failed: \(error)") }
}
