import Foundation
import Testing
import TestSupport

/// The harness `make test` provides: a throwaway PostgreSQL cluster reachable at IDOS_TEST_DATABASE_URL.
@Suite struct TestHarnessTests {
    @Test(.requiresPostgres)
    func throwawayPostgresAcceptsConnections() throws {
        let url = try #require(TestEnvironment.databaseURL)
        let result = try ChildProcess.run("/usr/bin/env", ["psql", url, "-tAc", "CREATE TEMP TABLE t(x int); INSERT INTO t VALUES (41); SELECT x + 1 FROM t"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdoutText.contains("42"))
    }

    @Test func vendoredSuiteVectorsAreFound() throws {
        let canon = try #require(SharedDirectory.vectors("rdf-canon"), "Tests/Vectors/rdf-canon is missing")
        let toRdf = try #require(SharedDirectory.vectors("jsonld-toRdf"), "Tests/Vectors/jsonld-toRdf is missing")
        #expect(FileManager.default.fileExists(atPath: canon.appendingPathComponent("manifest.json").path))
        #expect(FileManager.default.fileExists(atPath: toRdf.appendingPathComponent("toRdf-manifest.json").path))
    }
}
