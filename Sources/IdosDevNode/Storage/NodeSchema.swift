/// The DDL of the devnode's state: the ten idOS tables of idos-actions.md §2 (written from the catalog's
/// prose), two helper SQL functions for the wallet-match rule W(x) and U(x), the bridge model of §4.17, and
/// the node's own chain tables (accounts and nonces, blocks, mined txs).
///
/// Every statement is idempotent (`IF NOT EXISTS` / `OR REPLACE`), so the node runs them on every start and
/// its state survives restarts. Statements run with `search_path` set to the node's schema.
enum NodeSchema {
    /// The statements, in order. Compile-time constants only: no value is ever spliced in.
    static let statements: [String] = [
        // §2.1–2.10: the idOS tables.
        """
        CREATE TABLE IF NOT EXISTS users (
            id UUID PRIMARY KEY,
            recipient_encryption_public_key TEXT NOT NULL,
            encryption_password_store TEXT NOT NULL CHECK (encryption_password_store IN ('user', 'mpc')),
            inserter TEXT NOT NULL,
            gas_allowance NUMERIC(78,0) NOT NULL DEFAULT 100000000000000000000)
        """,
        """
        CREATE TABLE IF NOT EXISTS wallets (
            id UUID PRIMARY KEY,
            user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            address TEXT NOT NULL,
            public_key TEXT,
            wallet_type TEXT NOT NULL CHECK (wallet_type IN ('EVM', 'NEAR', 'XRPL', 'Stellar', 'FaceSign')),
            message TEXT,
            signature TEXT,
            inserter TEXT,
            seq BIGSERIAL)
        """,
        "CREATE INDEX IF NOT EXISTS wallets_user_id ON wallets (user_id)",
        "CREATE INDEX IF NOT EXISTS wallets_address_scan ON wallets (address, wallet_type)",
        "CREATE INDEX IF NOT EXISTS wallets_public_key_scan ON wallets (public_key, wallet_type)",
        // NOCASE lookups (EVM addresses, has_profile) go through lower(address).
        "CREATE INDEX IF NOT EXISTS wallets_address_nocase ON wallets (lower(address))",
        """
        CREATE TABLE IF NOT EXISTS credentials (
            id UUID PRIMARY KEY,
            user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            verifiable_credential_id TEXT,
            public_notes TEXT NOT NULL,
            content TEXT NOT NULL,
            encryptor_public_key TEXT NOT NULL,
            issuer_auth_public_key TEXT NOT NULL,
            inserter TEXT,
            issuer_fee NUMERIC(78,0) NOT NULL DEFAULT 0,
            seq BIGSERIAL)
        """,
        "CREATE INDEX IF NOT EXISTS credentials_user_id ON credentials (user_id)",
        "CREATE INDEX IF NOT EXISTS credentials_vc_id ON credentials (verifiable_credential_id)",
        """
        CREATE TABLE IF NOT EXISTS shared_credentials (
            original_id UUID NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
            copy_id UUID NOT NULL REFERENCES credentials(id) ON DELETE CASCADE,
            PRIMARY KEY (original_id, copy_id))
        """,
        "CREATE INDEX IF NOT EXISTS shared_credentials_copy_id ON shared_credentials (copy_id)",
        """
        CREATE TABLE IF NOT EXISTS user_attributes (
            id UUID PRIMARY KEY,
            user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            attribute_key TEXT NOT NULL,
            value TEXT NOT NULL,
            inserter TEXT,
            seq BIGSERIAL)
        """,
        "CREATE INDEX IF NOT EXISTS user_attributes_user_id ON user_attributes (user_id)",
        """
        CREATE TABLE IF NOT EXISTS shared_user_attributes (
            original_id UUID NOT NULL REFERENCES user_attributes(id) ON DELETE CASCADE,
            copy_id UUID NOT NULL REFERENCES user_attributes(id) ON DELETE CASCADE,
            PRIMARY KEY (original_id, copy_id))
        """,
        "CREATE INDEX IF NOT EXISTS shared_user_attributes_copy_id ON shared_user_attributes (copy_id)",
        "CREATE TABLE IF NOT EXISTS inserters (id UUID PRIMARY KEY, name TEXT UNIQUE NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS delegates (
            address TEXT PRIMARY KEY,
            inserter_id UUID NOT NULL REFERENCES inserters(id) ON DELETE CASCADE)
        """,
        """
        CREATE TABLE IF NOT EXISTS consumed_write_grants (
            id UUID PRIMARY KEY,
            owner_wallet_identifier TEXT NOT NULL,
            grantee_wallet_identifier TEXT NOT NULL,
            issuer_public_key TEXT NOT NULL,
            original_credential_id UUID REFERENCES credentials(id) ON DELETE SET NULL,
            copy_credential_id UUID REFERENCES credentials(id) ON DELETE SET NULL,
            access_grant_timelock TEXT,
            not_usable_before TEXT,
            not_usable_after TEXT)
        """,
        """
        CREATE TABLE IF NOT EXISTS access_grants (
            id UUID PRIMARY KEY,
            ag_owner_user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            ag_grantee_wallet_identifier TEXT NOT NULL,
            data_id UUID NOT NULL,
            locked_until INT8 NOT NULL DEFAULT 0,
            content_hash TEXT,
            height INT8 NOT NULL,
            inserter_type TEXT NOT NULL,
            inserter_id TEXT NOT NULL,
            seq BIGSERIAL)
        """,
        "CREATE INDEX IF NOT EXISTS ag_data_id ON access_grants (data_id)",
        "CREATE INDEX IF NOT EXISTS ag_grantee_content_hash ON access_grants (ag_grantee_wallet_identifier, content_hash)",
        "CREATE INDEX IF NOT EXISTS ag_owner_user_id ON access_grants (ag_owner_user_id)",
        "CREATE INDEX IF NOT EXISTS ag_grantee_nocase ON access_grants (lower(ag_grantee_wallet_identifier))",
        // W(x) (§0.1): EVM by address NOCASE, XRPL/Stellar by exact address, NEAR/FaceSign by exact key.
        """
        CREATE OR REPLACE FUNCTION wallet_matches(w_type TEXT, w_address TEXT, w_public_key TEXT, x TEXT)
        RETURNS BOOLEAN LANGUAGE sql IMMUTABLE AS
        'SELECT (w_type = ''EVM'' AND lower(w_address) = lower(x))
             OR (w_type IN (''XRPL'', ''Stellar'') AND w_address = x)
             OR (w_type IN (''NEAR'', ''FaceSign'') AND w_public_key = x)'
        """,
        // U(x): the single distinct user of the wallets matching W(x); NULL if none, an error if several.
        """
        CREATE OR REPLACE FUNCTION user_of(x TEXT) RETURNS UUID LANGUAGE sql STABLE AS
        'SELECT (SELECT DISTINCT w.user_id FROM wallets w
                 WHERE (w.wallet_type = ''EVM'' AND lower(w.address) = lower(x))
                    OR (w.wallet_type IN (''XRPL'', ''Stellar'') AND w.address = x)
                    OR (w.wallet_type IN (''NEAR'', ''FaceSign'') AND w.public_key = x))'
        """,
        // §4.17: the erc20 bridges as balances per (token, address) plus a network balance per token.
        """
        CREATE TABLE IF NOT EXISTS bridge_balances (
            token TEXT NOT NULL, address TEXT NOT NULL, balance NUMERIC(78,0) NOT NULL DEFAULT 0,
            PRIMARY KEY (token, address))
        """,
        "CREATE TABLE IF NOT EXISTS bridge_network (token TEXT PRIMARY KEY, balance NUMERIC(78,0) NOT NULL DEFAULT 0)",
        "INSERT INTO bridge_network (token, balance) VALUES ('IDOS', 0), ('USDC', 0) ON CONFLICT DO NOTHING",
        // The chain: account nonces, blocks and mined transactions.
        """
        CREATE TABLE IF NOT EXISTS node_accounts (
            identifier TEXT NOT NULL, key_type TEXT NOT NULL, nonce INT8 NOT NULL,
            PRIMARY KEY (identifier, key_type))
        """,
        """
        CREATE TABLE IF NOT EXISTS node_blocks (
            height INT8 PRIMARY KEY, block_timestamp INT8 NOT NULL, hash TEXT NOT NULL, tx_count INT NOT NULL)
        """,
        """
        CREATE TABLE IF NOT EXISTS node_txs (
            hash TEXT PRIMARY KEY, height INT8 NOT NULL, position INT NOT NULL, tx_json TEXT NOT NULL,
            code INT8 NOT NULL, log TEXT NOT NULL, action TEXT NOT NULL)
        """,
    ]
}
