public enum TestEnvironment {}
