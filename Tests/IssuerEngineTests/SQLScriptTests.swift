@testable import IssuerStore
import IssuerTestSupport
import Testing

@Suite struct SQLScriptTests {
    @Test func splitsAtTopLevelSemicolonsOnly() {
        let script = """
            -- a comment; with a semicolon
            CREATE TABLE a (x text DEFAULT 'it''s; fine');
            /* block; /* nested; */ still comment; */ INSERT INTO "we;ird" VALUES ($$a;b$$, $tag$c;$$;d$tag$);

            SELECT 1
            """
        #expect(SQLScript.statements(script) == [
            "-- a comment; with a semicolon\nCREATE TABLE a (x text DEFAULT 'it''s; fine')",
            "/* block; /* nested; */ still comment; */ INSERT INTO \"we;ird\" VALUES ($$a;b$$, $tag$c;$$;d$tag$)",
            "SELECT 1",
        ])
    }

    @Test func dropsEmptyAndCommentOnlyStatementsAndKeepsPositionalParameters() {
        #expect(SQLScript.statements(";;\n-- only a comment\n;") == [])
        #expect(SQLScript.statements("SELECT $1; SELECT 2;") == ["SELECT $1", "SELECT 2"])
    }
}
