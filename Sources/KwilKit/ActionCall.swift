/// The view-call payload (§4.4) carried in `CallMessage.body.payload`.
public struct ActionCall: Hashable, Sendable {
    public var namespace: String
    public var action: String
    public var arguments: [KwilValue]

    /// A call of `action` in `namespace` (idOS: "main") with typed arguments.
    public init(namespace: String = "main", action: String, arguments: [KwilValue]) {
        self.namespace = namespace; self.action = action; self.arguments = arguments
    }

    /// The binary payload.
    public func encoded() throws(KwilError) -> [UInt8] {
        var w = ByteWriter()
        w.u16LE(0)
        w.lengthPrefixed(namespace)
        w.lengthPrefixed(action)
        guard arguments.count <= Int(UInt16.max) else { throw .invalidValue("too many arguments") }
        w.u16LE(UInt16(arguments.count))
        for a in arguments { w.lengthPrefixed(try EncodedValue.encode(a)) }
        return w.bytes
    }

    /// Decodes a payload, requiring every byte to be consumed.
    public static func decode(_ bytes: [UInt8]) throws(KwilError) -> ActionCall {
        var r = ByteReader(bytes)
        guard try r.u16LE("ActionCall version") == 0 else { throw .malformedEncoding(context: "ActionCall version") }
        let ns = try r.string("ActionCall namespace"), action = try r.string("ActionCall action")
        let n = Int(try r.u16LE("ActionCall argument count"))
        var args: [KwilValue] = []
        for _ in 0..<n { args.append(try EncodedValue.decode(try r.lengthPrefixed("ActionCall argument"))) }
        try r.expectEnd("ActionCall")
        return ActionCall(namespace: ns, action: action, arguments: args)
    }
}
