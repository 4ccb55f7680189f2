import Foundation

/// One row of the benchmark table: our throughput beside a reference measured in the same run.
struct BenchRow: Sendable {
    var suite: String
    var name: String
    var unit: String
    var ours: Double
    var reference: Double?
    var referenceName: String?

    /// ours / reference: above 1 we are faster, below 1 slower.
    var ratio: Double? { reference.map { ours / $0 } }
}

/// A suite registers rows into the shared report. Suites run one after another on the main actor.
@MainActor
final class BenchReport {
    private(set) var rows: [BenchRow] = []

    func add(_ row: BenchRow) {
        rows.append(row)
        let ref = row.reference.map { String(format: "%.1f", $0) } ?? "-"
        let ratio = row.ratio.map { String(format: "%.2fx", $0) } ?? "-"
        print(Self.line([row.suite, row.name, String(format: "%.1f", row.ours), ref, ratio, "\(row.unit); ref: \(row.referenceName ?? "none")"]))
    }

    static func printHeader() {
        print(line(["suite", "benchmark", "ours", "reference", "ratio", "unit; reference"]))
    }

    private static let widths = [7, 44, 14, 14, 8]

    private static func line(_ cells: [String]) -> String {
        var out = ""
        for (i, cell) in cells.enumerated() {
            if i < widths.count {
                let pad = max(0, widths[i] - cell.count)
                out += i >= 2 ? String(repeating: " ", count: pad) + cell + " " : cell + String(repeating: " ", count: pad) + " "
            } else {
                out += " " + cell
            }
        }
        return out
    }
}

enum Bench {
    /// Runs `body` repeatedly for about `seconds` (after a short warm-up) and returns operations per second.
    /// `body` returns how many operations it performed.
    static func opsPerSecond(seconds: Double = 1.0, _ body: () throws -> Int) rethrows -> Double {
        _ = try body()
        let clock = ContinuousClock()
        var ops = 0
        let start = clock.now
        var elapsed: Duration = .zero
        while elapsed < .milliseconds(Int64(seconds * 1000)) {
            ops += try body()
            elapsed = clock.now - start
        }
        let secs = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(ops) / secs
    }

    /// Async variant of `opsPerSecond`.
    @MainActor static func opsPerSecondAsync(seconds: Double = 1.0, _ body: () async throws -> Int) async rethrows -> Double {
        _ = try await body()
        let clock = ContinuousClock()
        var ops = 0
        let start = clock.now
        var elapsed: Duration = .zero
        while elapsed < .milliseconds(Int64(seconds * 1000)) {
            ops += try await body()
            elapsed = clock.now - start
        }
        let secs = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(ops) / secs
    }

    /// Runs a reference program that prints lines `name value` (value = ops/s or MB/s) and returns them.
    static func runReference(_ arguments: [String]) -> [String: Double] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return [:] }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var out: [String: Double] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let v = Double(parts[1]) { out[String(parts[0])] = v }
        }
        return out
    }
}
