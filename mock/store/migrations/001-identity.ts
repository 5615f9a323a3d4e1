/** Migration 1: identity, dealers, bindings and the OAuth server's state. */
export const IDENTITY = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE dealers (
    dealer_id INTEGER PRIMARY KEY,
    company_name TEXT NOT NULL,
    company_address1 TEXT NOT NULL,
    company_address2 TEXT,
    company_email TEXT NOT NULL,
    company_phone_number TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE users (
    user_id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    dealer_id INTEGER NOT NULL REFERENCES dealers(dealer_id) ON DELETE CASCADE,
    is_dealer_admin INTEGER NOT NULL CHECK (is_dealer_admin IN (0, 1))
  );
  CREATE TABLE clients (
    client_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('dealer_app', 'platform')),
    dealer_id INTEGER REFERENCES dealers(dealer_id) ON DELETE CASCADE,
    secret_sha256 TEXT,
    public_jwks TEXT NOT NULL DEFAULT '[]',
    redirect_uris TEXT NOT NULL DEFAULT '[]',
    scopes TEXT NOT NULL,
    rate_tier TEXT NOT NULL,
    rate_limit_per_minute INTEGER,
    rate_limit_burst INTEGER,
    created_at TEXT NOT NULL,
    CHECK ((kind = 'dealer_app') = (dealer_id IS NOT NULL))
  );
  CREATE TABLE bindings (
    client_id TEXT NOT NULL REFERENCES clients(client_id) ON DELETE CASCADE,
    dealer_id INTEGER NOT NULL REFERENCES dealers(dealer_id) ON DELETE CASCADE,
    external_dealer_id TEXT NOT NULL,
    connected_at TEXT NOT NULL,
    PRIMARY KEY (client_id, dealer_id),
    UNIQUE (client_id, external_dealer_id)
  );
  CREATE TABLE auth_codes (
    code_sha256 TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    redirect_uri TEXT NOT NULL,
    scope TEXT NOT NULL,
    code_challenge TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    -- what the exchange issued, so that a replayed code can revoke it (RFC 6749 section 4.1.2)
    issued_jti TEXT,
    issued_until INTEGER,
    refresh_family_id TEXT
  );
  CREATE TABLE refresh_tokens (
    token_sha256 TEXT PRIMARY KEY,
    family_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    scope TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    rotated_at INTEGER,
    revoked_at INTEGER
  );
  CREATE INDEX refresh_tokens_family ON refresh_tokens(family_id);
  CREATE TABLE used_assertions (
    client_id TEXT NOT NULL,
    jti TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    PRIMARY KEY (client_id, jti)
  );
  CREATE TABLE revoked_access_tokens (jti TEXT PRIMARY KEY, expires_at INTEGER NOT NULL);
  `;
