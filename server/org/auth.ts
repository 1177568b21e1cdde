// Sessions: who may call the API. A fixed configured token is always valid; SOAP and OAuth logins
// check a username against the org's User records and one shared password (+ security token, which
// Salesforce expects appended to the password), and mint session ids `{orgId15}!{opaque}`.
// https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_login.htm
import { createHmac } from 'node:crypto';
import type { OrgDeps } from './deps.js';

export interface AuthConfig {
  /** The fixed token that is always a valid session id (`--token`). */
  readonly token: string;
  /** The password every active user logs in with. */
  readonly password: string;
  /** Appended to the password by clients, as Salesforce requires; empty = none. */
  readonly securityToken: string;
  /** When set, OAuth requests must carry this client_id (otherwise any non-empty one is accepted). */
  readonly clientId?: string;
  /** When set, OAuth requests must carry this client_secret. */
  readonly clientSecret?: string;
  /**
   * Makes the opaque part of the n-th minted session id. Default: counter-based and deterministic;
   * the CLI passes a random one so tokens do not repeat across restarts.
   */
  readonly mintOpaque?: (n: number) => string;
}

export const DEFAULT_AUTH: AuthConfig = {
  token: 'localforce-token',
  password: 'localforce',
  securityToken: '',
};

export const DEFAULT_USERNAME = 'api@localforce.dev';

export interface Session {
  readonly token: string;
  readonly userId: string;
  readonly issuedAt: Date;
}

export interface UserRecord {
  readonly Id: string;
  readonly Username: string;
  readonly FirstName: string | null;
  readonly LastName: string | null;
  readonly Name: string | null;
  readonly Email: string | null;
  readonly Alias: string | null;
  readonly ProfileId: string | null;
  readonly UserRoleId: string | null;
  readonly TimeZoneSidKey: string | null;
  readonly LocaleSidKey: string | null;
  readonly LanguageLocaleKey: string | null;
  readonly IsActive: number;
}

const USER_COLUMNS =
  '"Id", "Username", "FirstName", "LastName", "Name", "Email", "Alias", "ProfileId", "UserRoleId", "TimeZoneSidKey", "LocaleSidKey", "LanguageLocaleKey", "IsActive"';

/** Most sessions kept; the oldest minted ones are forgotten first (the fixed token never is). */
const MAX_SESSIONS = 10_000;

export class AuthService {
  private readonly sessions = new Map<string, Session>();
  private minted = 0;
  readonly config: AuthConfig;

  constructor(
    private readonly deps: OrgDeps,
    config: Partial<AuthConfig> = {},
  ) {
    this.config = { ...DEFAULT_AUTH, ...config };
  }

  /** The session for a token, or undefined when it is unknown or revoked. */
  session(token: string): Session | undefined {
    if (token === this.config.token) return { token, userId: this.deps.userId, issuedAt: this.deps.now() };
    return this.sessions.get(token);
  }

  /** Checks a username (case-insensitive) and password(+security token); returns a new session or null. */
  login(username: string, password: string): Session | null {
    const user = this.verify(username, password);
    return user ? this.mint(user.Id) : null;
  }

  /** The active user a username + password(+security token) identify, or null; mints nothing. */
  verify(username: string, password: string): UserRecord | null {
    const user = this.findUser(username);
    if (!user || user.IsActive !== 1) return null;
    if (password !== this.config.password + this.config.securityToken) return null;
    return user;
  }

  /** Whether an OAuth client id (and, if configured, secret) is acceptable. */
  clientIdOk(clientId: string | undefined): boolean {
    if (!clientId) return false;
    return this.config.clientId === undefined || clientId === this.config.clientId;
  }

  clientSecretOk(secret: string | undefined): boolean {
    return this.config.clientSecret === undefined || secret === this.config.clientSecret;
  }

  /** A new session for a user the caller has already authenticated (client credentials, refresh, JWT). */
  mint(userId: string): Session {
    const n = ++this.minted;
    const opaque = this.config.mintOpaque ? this.config.mintOpaque(n) : `AQLF${String(n).padStart(10, '0')}`;
    const session: Session = { token: `${this.deps.orgId.slice(0, 15)}!${opaque}`, userId, issuedAt: this.deps.now() };
    this.sessions.set(session.token, session);
    if (this.sessions.size > MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    return session;
  }

  /** Revokes a minted session (the fixed token cannot be revoked). Returns whether it existed. */
  revoke(token: string): boolean {
    return this.sessions.delete(token);
  }

  /** OAuth `signature`: base64 HMAC-SHA256 of id + issued_at, keyed by the client secret. */
  signature(id: string, issuedAt: string): string {
    return createHmac('sha256', this.config.clientSecret ?? this.config.token).update(id + issuedAt).digest('base64');
  }

  findUser(username: string): UserRecord | undefined {
    return this.deps.store.get(`SELECT ${USER_COLUMNS} FROM "User" WHERE "Username" = ? COLLATE NOCASE LIMIT 1`, [username]) as
      | UserRecord
      | undefined;
  }

  userById(id: string): UserRecord | undefined {
    return this.deps.store.get(`SELECT ${USER_COLUMNS} FROM "User" WHERE "Id" = ? LIMIT 1`, [id]) as UserRecord | undefined;
  }
}
