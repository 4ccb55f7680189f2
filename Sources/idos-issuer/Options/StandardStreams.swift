import Foundation

/// Byte-exact access to stdin/stdout/stderr (commands read and write binary data).
enum StandardStreams {
    /// All of standard input.
    static func readAllInput() -> [UInt8] {
        Array(FileHandle.standardInput.readDataToEndOfFile())
    }

    /// Writes raw bytes to standard output.
    static func write(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Writes text to standard output.
    static func write(_ text: String) { write(Array(text.utf8)) }

    /// Writes text to standard error.
    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Reads a whole file, or fails with a malformed-input error naming it.
    static func readFile(_ path: String, flag: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIFailure.malformed("\(flag) '\(path)' cannot be read")
        }
        return Array(data)
    }
}
