// UI sessions: an opaque id in an HttpOnly, SameSite=Lax cookie → who logged in, their episode, a
// CSRF token every form must echo, and the console's query history. Memory only (a restart logs out).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { EpisodeApi } from '../sessions/index.js';

export const SESSION_COOKIE = 'lf_ui';
/** Before login there is no session: the login form's CSRF token is double-submitted in this cookie. */
export const LOGIN_CSRF_COOKIE = 'lf_login_csrf';
const MAX_SESSIONS = 1000;
const MAX_HISTORY = 25;

export interface UiSession {
  readonly id: string;
  readonly csrf: string;
  readonly userId: string;
  readonly username: string;
  readonly userName: string;
  readonly episode: EpisodeApi;
  /** true when attached to an agent's episode through `?token=`. */
  readonly watching: boolean;
  /** Newest first. */
  readonly history: string[];
}

export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

export function sameSecret(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || a.length !== b.length || a.length === 0) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export class UiSessions {
  private readonly byId = new Map<string, UiSession>();

  create(s: Omit<UiSession, 'id' | 'csrf' | 'history'>): UiSession {
    const session: UiSession = { ...s, id: newSecret(), csrf: newSecret(), history: [] };
    this.byId.set(session.id, session);
    if (this.byId.size > MAX_SESSIONS) this.byId.delete(this.byId.keys().next().value!);
    return session;
  }

  get(id: string | undefined): UiSession | undefined {
    return id === undefined ? undefined : this.byId.get(id);
  }

  delete(id: string): void {
    this.byId.delete(id);
  }
}

/** Adds a query to the console history (newest first, no duplicates). */
export function remember(s: UiSession, query: string): void {
  const i = s.history.indexOf(query);
  if (i >= 0) s.history.splice(i, 1);
  s.history.unshift(query);
  if (s.history.length > MAX_HISTORY) s.history.length = MAX_HISTORY;
}

/** `Cookie:` header → name → value (first wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || out.has(name)) continue;
    let value = part.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      continue;
    }
    out.set(name, value);
  }
  return out;
}

export function cookie(name: string, value: string, opts: { readonly maxAge?: number; readonly secure?: boolean } = {}): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/lightning', 'HttpOnly', 'SameSite=Lax'];
  if (opts.maxAge !== undefined) parts.push(`Max-Age=${opts.maxAge}`);
  // Over HTTPS (serve's TLS port) the cookie is never sent back over plain HTTP.
  if (opts.secure) parts.push('Secure');
  return parts.join('; ');
}
