// Logins that mint a token for a NEW episode. The switch rides in the username because that is the
// one free-text field every unmodified client (simple_salesforce, jsforce, CRMArena's connector,
// a browser form) passes through verbatim to both SOAP login and the OAuth password flow; a header
// or extra parameter would need client changes. `#` cannot occur in a Salesforce username.
//   api@localforce.dev                 → a session on the default episode (as before)
//   api@localforce.dev#episode         → a new episode; the session id is its token
//   api@localforce.dev#episode:task-7  → the same, labelled "task-7" in GET /localforce/sessions
import type { AuthService, Session } from '../org/index.js';
import type { EpisodeManager } from '../sessions/index.js';

const SUFFIX = /#episode(?::(.{1,200}))?$/i;

export interface LoginName {
  readonly username: string;
  /** Set when the login asks for a new episode. */
  readonly episode?: { readonly label: string | null };
}

export function parseLoginName(raw: string): LoginName {
  const m = SUFFIX.exec(raw);
  if (!m) return { username: raw };
  return { username: raw.slice(0, m.index).trim(), episode: { label: m[1]?.trim() || null } };
}

/**
 * Checks the credentials and returns the session: on the default episode, or on a new one when the
 * username says so. Null when the credentials are wrong; throws SalesforceError past the episode cap.
 */
export function loginSession(host: EpisodeManager, auth: AuthService, rawUsername: string, password: string, instanceUrl: string): Session | null {
  const name = parseLoginName(rawUsername.trim());
  const user = auth.verify(name.username, password);
  if (!user) return null;
  if (!name.episode) return auth.mint(user.Id);
  const episode = host.createSync({ instanceUrl, ...(name.episode.label ? { label: name.episode.label } : {}) }, { userId: user.Id });
  return { token: episode.token, userId: user.Id, issuedAt: episode.now() };
}

/** Logout / revoke: an episode token ends its episode; a plain session id is forgotten. */
export function revokeToken(host: EpisodeManager, auth: AuthService, token: string): boolean {
  return host.revokeToken(token) || auth.revoke(token);
}
