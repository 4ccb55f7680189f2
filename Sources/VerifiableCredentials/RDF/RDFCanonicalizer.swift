/// RDF Dataset Canonicalization (RDFC-1.0, W3C Recommendation 2024), with SHA-256 (the default) or
/// SHA-384 as its hash algorithm (§4.4.2 "hash algorithm" parameter).
///
/// Blank nodes get `c14n0`, `c14n1`, … labels that depend only on the graph's structure. The
/// hash-n-degree-quads step can be exponential on adversarial ("poison") graphs, so the number of its
/// invocations is limited by ``workLimit``; past it, canonicalization fails instead of hanging.
public struct RDFCanonicalizer: Sendable {
    /// Maximum number of Hash N-Degree Quads invocations for one dataset. Default 4 096: far above
    /// what realistic credentials need (none) and the W3C suite's hard-but-computable graphs, far below
    /// what a poison clique needs.
    public var workLimit: Int
    /// The hash algorithm of every hashing step (first-degree, related, n-degree). Default SHA-256;
    /// a different algorithm gives different canonical labels for the same graph.
    public var hashAlgorithm: HashAlgorithm

    /// A canonicalizer with the given work limit and hash algorithm.
    public init(workLimit: Int = 4096, hashAlgorithm: HashAlgorithm = .sha256) {
        self.workLimit = workLimit
        self.hashAlgorithm = hashAlgorithm
    }

    /// The result of canonicalization.
    public struct Result: Sendable {
        /// The relabelled quads, sorted by their canonical N-Quads lines.
        public var quads: [RDFQuad]
        /// Canonical N-Quads: sorted lines, each ending in `\n`.
        public var nquads: String
        /// Input blank node label → canonical label (`c14nN`).
        public var issuedIdentifiers: [String: String]
    }

    /// Canonicalizes a dataset.
    /// - Throws: `VCError.canonicalizationWorkLimitExceeded` for graphs that need too much work.
    public func canonicalize(_ quads: [RDFQuad]) throws(VCError) -> Result {
        var state = State(quads: quads, workLimit: workLimit, hashAlgorithm: hashAlgorithm)
        try state.run()
        var relabelled: [RDFQuad] = []
        var lines: [String] = []
        relabelled.reserveCapacity(state.quads.count)
        lines.reserveCapacity(state.quads.count)
        for q in state.quads {
            let r = RDFQuad(state.relabel(q.subject), q.predicate, state.relabel(q.object), graph: q.graph.map(state.relabel))
            relabelled.append(r)
            lines.append(NQuadsSerializer.line(r))
        }
        // Sort indices, not (line, quad) pairs: moving a few integers is cheaper than moving strings.
        let order = lines.indices.sorted { StringOrder.codePointLess(lines[$0], lines[$1]) }
        // Duplicate quads collapse (a dataset is a set).
        var out: [RDFQuad] = []
        var text = ""
        var previous: Int?
        for i in order where previous.map({ lines[$0] != lines[i] }) ?? true {
            out.append(relabelled[i])
            text += lines[i]
            previous = i
        }
        return Result(quads: out, nquads: text, issuedIdentifiers: state.canonicalIssuer.issued)
    }

    /// Canonical N-Quads of an N-Quads document.
    public func canonicalize(nquads: String) throws(VCError) -> String {
        try canonicalize(NQuadsParser.parse(nquads)).nquads
    }
}

extension RDFCanonicalizer {
    /// The working state of one canonicalization run (RDFC-1.0 §4.4.2).
    struct State {
        let quads: [RDFQuad]
        let workLimit: Int
        let hashAlgorithm: HashAlgorithm
        var work = 0
        var blankNodeToQuads: [String: [Int]] = [:]
        var firstDegreeHashes: [String: String] = [:]
        var canonicalIssuer = IdentifierIssuer(prefix: "c14n")

        init(quads: [RDFQuad], workLimit: Int, hashAlgorithm: HashAlgorithm) {
            self.quads = quads
            self.workLimit = workLimit
            self.hashAlgorithm = hashAlgorithm
            for (i, q) in quads.enumerated() {
                for term in [q.subject, q.object] + (q.graph.map { [$0] } ?? []) {
                    if case .blankNode(let label) = term {
                        if blankNodeToQuads[label]?.last != i { blankNodeToQuads[label, default: []].append(i) }
                    }
                }
            }
        }

        func relabel(_ term: RDFTerm) -> RDFTerm {
            if case .blankNode(let label) = term, let c = canonicalIssuer[label] { return .blankNode(c) }
            return term
        }

        mutating func run() throws(VCError) {
            var hashToBlankNodes: [String: [String]] = [:]
            // Deterministic order: labels sorted, so equal-hash groups list nodes in a stable order.
            for label in blankNodeToQuads.keys.sorted() {
                let h = hashFirstDegreeQuads(label)
                hashToBlankNodes[h, default: []].append(label)
            }
            var nonUnique: [(String, [String])] = []
            for hash in hashToBlankNodes.keys.sorted() {
                let nodes = hashToBlankNodes[hash]!
                if nodes.count == 1 {
                    _ = canonicalIssuer.issue(nodes[0])
                } else {
                    nonUnique.append((hash, nodes))
                }
            }
            for (_, nodes) in nonUnique {
                var hashPaths: [(String, IdentifierIssuer)] = []
                for node in nodes where canonicalIssuer[node] == nil {
                    var temporary = IdentifierIssuer(prefix: "b")
                    _ = temporary.issue(node)
                    hashPaths.append(try hashNDegreeQuads(node, temporary))
                }
                hashPaths.sort { $0.0 < $1.0 }
                for (_, issuer) in hashPaths {
                    for existing in issuer.order { _ = canonicalIssuer.issue(existing) }
                }
            }
        }

        /// Hash First Degree Quads (§4.6).
        mutating func hashFirstDegreeQuads(_ reference: String) -> String {
            if let h = firstDegreeHashes[reference] { return h }
            var lines: [String] = []
            for i in blankNodeToQuads[reference] ?? [] {
                let q = quads[i]
                func mark(_ t: RDFTerm) -> RDFTerm {
                    if case .blankNode(let l) = t { return .blankNode(l == reference ? "a" : "z") }
                    return t
                }
                lines.append(NQuadsSerializer.line(RDFQuad(mark(q.subject), q.predicate, mark(q.object), graph: q.graph.map(mark))))
            }
            lines.sort(by: StringOrder.codePointLess)
            let h = hashAlgorithm.hexDigest(lines.joined())
            firstDegreeHashes[reference] = h
            return h
        }

        /// Hash Related Blank Node (§4.7).
        mutating func hashRelatedBlankNode(_ related: String, _ quad: RDFQuad, _ issuer: IdentifierIssuer, _ position: String) -> String {
            var input = position
            if position != "g" {
                input += "<"
                if case .iri(let p) = quad.predicate { input += p }
                input += ">"
            }
            if let c = canonicalIssuer[related] {
                input += "_:" + c
            } else if let t = issuer[related] {
                input += "_:" + t
            } else {
                input += hashFirstDegreeQuads(related)
            }
            return hashAlgorithm.hexDigest(input)
        }

        /// Hash N-Degree Quads (§4.8).
        mutating func hashNDegreeQuads(_ reference: String, _ issuerIn: IdentifierIssuer) throws(VCError) -> (String, IdentifierIssuer) {
            work += 1
            if work > workLimit { throw .canonicalizationWorkLimitExceeded(limit: workLimit) }
            var issuer = issuerIn
            var hashToRelated: [String: [String]] = [:]
            for i in blankNodeToQuads[reference] ?? [] {
                let q = quads[i]
                let components: [(RDFTerm?, String)] = [(q.subject, "s"), (q.object, "o"), (q.graph, "g")]
                for (term, position) in components {
                    guard case .blankNode(let label)? = term, label != reference else { continue }
                    let h = hashRelatedBlankNode(label, q, issuer, position)
                    hashToRelated[h, default: []].append(label)
                }
            }
            var dataToHash = ""
            for relatedHash in hashToRelated.keys.sorted() {
                dataToHash += relatedHash
                var chosenPath = ""
                var chosenIssuer: IdentifierIssuer?
                var permutation = hashToRelated[relatedHash]!.sorted()
                var more = true
                while more {
                    defer { more = Self.nextPermutation(&permutation) }
                    var issuerCopy = issuer
                    var path = ""
                    var recursionList: [String] = []
                    var skip = false
                    for related in permutation {
                        if let c = canonicalIssuer[related] {
                            path += "_:" + c
                        } else {
                            if issuerCopy[related] == nil { recursionList.append(related) }
                            path += "_:" + issuerCopy.issue(related)
                        }
                        if !chosenPath.isEmpty && path.utf8.count >= chosenPath.utf8.count && path > chosenPath {
                            skip = true
                            break
                        }
                    }
                    if skip { continue }
                    for related in recursionList {
                        let (hash, resultIssuer) = try hashNDegreeQuads(related, issuerCopy)
                        path += "_:" + issuerCopy.issue(related)
                        path += "<" + hash + ">"
                        issuerCopy = resultIssuer
                        if !chosenPath.isEmpty && path.utf8.count >= chosenPath.utf8.count && path > chosenPath {
                            skip = true
                            break
                        }
                    }
                    if skip { continue }
                    if chosenPath.isEmpty || path < chosenPath {
                        chosenPath = path
                        chosenIssuer = issuerCopy
                    }
                }
                dataToHash += chosenPath
                if let chosenIssuer { issuer = chosenIssuer }
            }
            return (hashAlgorithm.hexDigest(dataToHash), issuer)
        }

        /// Advances to the next permutation in lexicographic order; false after the last one.
        static func nextPermutation(_ a: inout [String]) -> Bool {
            guard a.count > 1 else { return false }
            var i = a.count - 2
            while i >= 0 && a[i] >= a[i + 1] { i -= 1 }
            if i < 0 { return false }
            var j = a.count - 1
            while a[j] <= a[i] { j -= 1 }
            a.swapAt(i, j)
            a[(i + 1)...].reverse()
            return true
        }
    }
}
