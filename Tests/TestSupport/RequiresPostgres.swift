public import Testing

extension Trait where Self == ConditionTrait {
    /// Runs the test only when the harness provides PostgreSQL (`IDOS_TEST_DATABASE_URL`, which `make test`
    /// always sets); otherwise it is skipped with that reason.
    public static var requiresPostgres: Self {
        .enabled(if: TestEnvironment.databaseURL != nil, "needs PostgreSQL: set IDOS_TEST_DATABASE_URL (make test does)")
    }
}
