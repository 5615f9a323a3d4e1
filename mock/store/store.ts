import type { Statement } from 'better-sqlite3';
import { openDatabase, type SqliteDatabase } from './database.ts';
import type {
  AuthCodeRecord,
  BindingRecord,
  ClientRecord,
  DealerRecord,
  RefreshTokenRecord,
  UserRecord,
} from './types.ts';

type Row = Record<string, unknown>;

/** How many prepared statements a store keeps. */
const MAX_CACHED_STATEMENTS = 500;

/**
 * All of the mock's state, behind one interface that knows nothing of HTTP. Every method is
 * synchronous and every write is one SQLite transaction, so a call that returned is durable.
 */
export class Store {
  private readonly db: SqliteDatabase;
  private readonly statements = new Map<string, Statement<unknown[]>>();
  private readonly clients = new Map<string, ClientRecord | null>();

  /** Opens the store at `path` (`:memory:` for a throw-away one). */
  constructor(path: string) {
    this.db = openDatabase(path);
  }

  /** Runs `work` in one transaction: all of its writes land, or none. */
  transaction<T>(work: () => T): T {
    try {
      return this.db.transaction(work)();
    } catch (error) {
      // A rolled-back transaction may have cached records it wrote.
      this.forgetCachedRecords();
      throw error;
    }
  }

  /** Closes the database file. */
  close(): void {
    this.db.close();
  }

  /** The underlying handle, for integrity checks and the control plane's snapshot. */
  get sqlite(): SqliteDatabase {
    return this.db;
  }

  /**
   * A prepared statement for `text`, prepared once and reused; the store's repositories all go
   * through here. The cache is bounded, since filtered lists produce many distinct statements.
   */
  sql(text: string): Statement<unknown[]> {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare<unknown[]>(text);
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.clear();
      this.statements.set(text, statement);
    }
    return statement;
  }

  // --- meta ---------------------------------------------------------------------------------

  /** A value of the store's own settings (e.g. the token signing key), or null. */
  getMeta(key: string): string | null {
    const row = this.sql('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  /** Sets a value of the store's own settings. */
  setMeta(key: string, value: string): void {
    this.sql(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    ).run(key, value);
  }

  // --- dealers and users --------------------------------------------------------------------

  /** The dealer with this id, or null. */
  getDealer(dealerId: number): DealerRecord | null {
    const row = this.sql('SELECT * FROM dealers WHERE dealer_id = ?').get(dealerId) as Row | undefined;
    return row ? toDealer(row) : null;
  }

  /** Adds a dealer. */
  insertDealer(dealer: DealerRecord): void {
    this.sql(
      `INSERT INTO dealers (dealer_id, company_name, company_address1, company_address2, company_email,
        company_phone_number, created_at)
       VALUES (@dealer_id, @company_name, @company_address1, @company_address2, @company_email,
        @company_phone_number, @created_at)`,
    ).run(dealer);
  }

  /** Replaces a dealer's stored fields. */
  updateDealer(dealer: DealerRecord): void {
    this.sql(
      `UPDATE dealers SET company_name = @company_name, company_address1 = @company_address1,
        company_address2 = @company_address2, company_email = @company_email,
        company_phone_number = @company_phone_number
       WHERE dealer_id = @dealer_id`,
    ).run(dealer);
  }

  /** Every dealer, by id. */
  listDealers(): DealerRecord[] {
    return (this.sql('SELECT * FROM dealers ORDER BY dealer_id').all() as Row[]).map(toDealer);
  }

  /** The user with this e-mail address (case-insensitive), or null. */
  getUserByEmail(email: string): UserRecord | null {
    const row = this.sql('SELECT * FROM users WHERE email = ?').get(email) as Row | undefined;
    return row ? toUser(row) : null;
  }

  /** The user with this id, or null. */
  getUser(userId: number): UserRecord | null {
    const row = this.sql('SELECT * FROM users WHERE user_id = ?').get(userId) as Row | undefined;
    return row ? toUser(row) : null;
  }

  /** Every user, by id. */
  listUsers(): UserRecord[] {
    return (this.sql('SELECT * FROM users ORDER BY user_id').all() as Row[]).map(toUser);
  }

  /** Adds a user. */
  insertUser(user: UserRecord): void {
    this.sql(
      `INSERT INTO users (user_id, email, name, dealer_id, is_dealer_admin)
       VALUES (@user_id, @email, @name, @dealer_id, @is_dealer_admin)`,
    ).run({ ...user, is_dealer_admin: user.is_dealer_admin ? 1 : 0 });
  }

  // --- clients and bindings -----------------------------------------------------------------

  /** The client with this id, or null. */
  getClient(clientId: string): ClientRecord | null {
    // Every API call looks its client up; clients change rarely, so their parsed records are kept
    // until a write that could change one (see forgetCachedRecords).
    const cached = this.clients.get(clientId);
    if (cached !== undefined) return cached;
    const row = this.sql('SELECT * FROM clients WHERE client_id = ?').get(clientId) as Row | undefined;
    const client = row ? toClient(row) : null;
    this.clients.set(clientId, client);
    return client;
  }

  /** Drops cached records; called after any write that bypasses the typed methods (reset, import). */
  forgetCachedRecords(): void {
    this.clients.clear();
  }

  /** Every client, by id. */
  listClients(): ClientRecord[] {
    return (this.sql('SELECT * FROM clients ORDER BY client_id').all() as Row[]).map(toClient);
  }

  /** Adds a client. */
  insertClient(client: ClientRecord): void {
    this.clients.delete(client.client_id);
    this.sql(
      `INSERT INTO clients (client_id, name, kind, dealer_id, secret_sha256, public_jwks, redirect_uris, scopes,
        rate_tier, rate_limit_per_minute, rate_limit_burst, created_at)
       VALUES (@client_id, @name, @kind, @dealer_id, @secret_sha256, @public_jwks, @redirect_uris, @scopes,
        @rate_tier, @rate_limit_per_minute, @rate_limit_burst, @created_at)`,
    ).run({
      ...client,
      public_jwks: JSON.stringify(client.public_jwks),
      redirect_uris: JSON.stringify(client.redirect_uris),
      scopes: client.scopes.join(' '),
    });
  }

  /** The binding of `clientId` to `dealerId`, or null when they are not connected. */
  getBinding(clientId: string, dealerId: number): BindingRecord | null {
    return (
      (this.sql('SELECT * FROM bindings WHERE client_id = ? AND dealer_id = ?').get(clientId, dealerId) as
        | BindingRecord
        | undefined) ?? null
    );
  }

  /** The binding of `clientId` that uses `externalDealerId`, or null. */
  getBindingByExternalId(clientId: string, externalDealerId: string): BindingRecord | null {
    return (
      (this.sql('SELECT * FROM bindings WHERE client_id = ? AND external_dealer_id = ?').get(
        clientId,
        externalDealerId,
      ) as BindingRecord | undefined) ?? null
    );
  }

  /** Every binding of a client (or of all clients), by dealer id. */
  listBindings(clientId?: string): BindingRecord[] {
    return clientId === undefined
      ? (this.sql('SELECT * FROM bindings ORDER BY client_id, dealer_id').all() as BindingRecord[])
      : (this.sql('SELECT * FROM bindings WHERE client_id = ? ORDER BY dealer_id').all(
          clientId,
        ) as BindingRecord[]);
  }

  /** Records a binding. */
  insertBinding(binding: BindingRecord): void {
    this.sql(
      `INSERT INTO bindings (client_id, dealer_id, external_dealer_id, connected_at)
       VALUES (@client_id, @dealer_id, @external_dealer_id, @connected_at)`,
    ).run(binding);
  }

  /** Removes a binding; true when there was one. */
  deleteBinding(clientId: string, dealerId: number): boolean {
    return (
      this.sql('DELETE FROM bindings WHERE client_id = ? AND dealer_id = ?').run(clientId, dealerId).changes >
      0
    );
  }

  // --- OAuth server state -------------------------------------------------------------------

  /** Stores a newly issued authorization code. */
  insertAuthCode(code: AuthCodeRecord): void {
    this.sql(
      `INSERT INTO auth_codes (code_sha256, client_id, user_id, redirect_uri, scope, code_challenge, expires_at,
        used_at, issued_jti, issued_until, refresh_family_id)
       VALUES (@code_sha256, @client_id, @user_id, @redirect_uri, @scope, @code_challenge, @expires_at,
        @used_at, @issued_jti, @issued_until, @refresh_family_id)`,
    ).run(code);
  }

  /** The authorization code with this digest, used or not, or null. */
  getAuthCode(codeSha256: string): AuthCodeRecord | null {
    return (
      (this.sql('SELECT * FROM auth_codes WHERE code_sha256 = ?').get(codeSha256) as
        | AuthCodeRecord
        | undefined) ?? null
    );
  }

  /** Marks a code used, with what its exchange issued. */
  markAuthCodeUsed(
    codeSha256: string,
    usedAt: number,
    issued: { jti: string; until: number; family: string | null },
  ): void {
    this.sql(
      `UPDATE auth_codes SET used_at = ?, issued_jti = ?, issued_until = ?, refresh_family_id = ?
       WHERE code_sha256 = ?`,
    ).run(usedAt, issued.jti, issued.until, issued.family, codeSha256);
  }

  /** Stores a refresh token. */
  insertRefreshToken(token: RefreshTokenRecord): void {
    this.sql(
      `INSERT INTO refresh_tokens (token_sha256, family_id, client_id, user_id, scope, expires_at, rotated_at,
        revoked_at)
       VALUES (@token_sha256, @family_id, @client_id, @user_id, @scope, @expires_at, @rotated_at, @revoked_at)`,
    ).run(token);
  }

  /** The refresh token with this digest, or null. */
  getRefreshToken(tokenSha256: string): RefreshTokenRecord | null {
    return (
      (this.sql('SELECT * FROM refresh_tokens WHERE token_sha256 = ?').get(tokenSha256) as
        | RefreshTokenRecord
        | undefined) ?? null
    );
  }

  /** Marks a refresh token as replaced by its successor. */
  markRefreshTokenRotated(tokenSha256: string, at: number): void {
    this.sql('UPDATE refresh_tokens SET rotated_at = ? WHERE token_sha256 = ?').run(at, tokenSha256);
  }

  /** Revokes every refresh token of a rotation family. */
  revokeRefreshFamily(familyId: string, at: number): void {
    this.sql('UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL').run(
      at,
      familyId,
    );
  }

  /**
   * Records that a client assertion's `jti` was used. False when it already was (a replay).
   * Expired entries are pruned on the way, since their assertions can no longer be replayed anyway.
   */
  recordAssertionJti(clientId: string, jti: string, expiresAt: number, now: number): boolean {
    this.sql('DELETE FROM used_assertions WHERE expires_at < ?').run(now);
    const result = this.sql(
      'INSERT INTO used_assertions (client_id, jti, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ).run(clientId, jti, expiresAt);
    return result.changes > 0;
  }

  /** Revokes an access token by its `jti` until its own expiry. */
  revokeAccessToken(jti: string, expiresAt: number): void {
    this.sql('INSERT INTO revoked_access_tokens (jti, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING').run(
      jti,
      expiresAt,
    );
  }

  /** Whether the access token with this `jti` was revoked. */
  isAccessTokenRevoked(jti: string): boolean {
    return this.sql('SELECT 1 FROM revoked_access_tokens WHERE jti = ?').get(jti) !== undefined;
  }
}

function toDealer(row: Row): DealerRecord {
  return {
    dealer_id: row.dealer_id as number,
    company_name: row.company_name as string,
    company_address1: row.company_address1 as string,
    company_address2: (row.company_address2 as string | null) ?? null,
    company_email: row.company_email as string,
    company_phone_number: row.company_phone_number as string,
    created_at: row.created_at as string,
  };
}

function toUser(row: Row): UserRecord {
  return {
    user_id: row.user_id as number,
    email: row.email as string,
    name: row.name as string,
    dealer_id: row.dealer_id as number,
    is_dealer_admin: row.is_dealer_admin === 1,
  };
}

function toClient(row: Row): ClientRecord {
  return {
    client_id: row.client_id as string,
    name: row.name as string,
    kind: row.kind as ClientRecord['kind'],
    dealer_id: (row.dealer_id as number | null) ?? null,
    secret_sha256: (row.secret_sha256 as string | null) ?? null,
    public_jwks: JSON.parse(row.public_jwks as string) as ClientRecord['public_jwks'],
    redirect_uris: JSON.parse(row.redirect_uris as string) as string[],
    scopes: (row.scopes as string).split(' ').filter(Boolean),
    rate_tier: row.rate_tier as ClientRecord['rate_tier'],
    rate_limit_per_minute: (row.rate_limit_per_minute as number | null) ?? null,
    rate_limit_burst: (row.rate_limit_burst as number | null) ?? null,
    created_at: row.created_at as string,
  };
}
