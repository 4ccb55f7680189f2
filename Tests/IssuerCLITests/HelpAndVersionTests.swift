import Foundation
import Testing
import TestSupport

@Suite struct HelpAndVersionTests {
    @Test func versionPrints() throws {
        let result = try issuer("--version")
        #expect(result.status == 0)
        #expect(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test(arguments: [["--help"], ["wallet", "verify", "--help"], ["crypto", "seal", "--help"], ["crypto", "open", "--help"], ["crypto", "derive-key", "--help"]])
    func everyCommandHasHelp(arguments: [String]) throws {
        let result = try ChildProcess.run(TestEnvironment.executable("idos-issuer"), arguments)
        #expect(result.status == 0)
        #expect(result.stdoutText.contains("USAGE:"))
        #expect(result.stdoutText.contains("OVERVIEW:"))
    }

    @Test func unknownSubcommandIsAUsageErrorWithExitTwo() throws {
        let result = try issuer("frobnicate")
        #expect(result.status == 2)
    }
}
