// What a page handler returns: a page or a redirect (the router writes it).
import type { SchemaRegistry } from '../../schema/index.js';
import type { EpisodeApi } from '../sessions/index.js';
import type { Chrome } from './layout.js';
import type { UiSession } from './session.js';

export type Reply =
  | { readonly kind: 'page'; readonly status: number; readonly html: string }
  /** A self-contained document with its own inline style and script (the leaderboard HTML), shown in a frame. */
  | { readonly kind: 'document'; readonly html: string }
  | { readonly kind: 'redirect'; readonly to: string };

export const pageReply = (html: string, status = 200): Reply => ({ kind: 'page', status, html });
export const redirect = (to: string): Reply => ({ kind: 'redirect', to });

/** Everything a signed-in page needs. */
export interface Ctx {
  readonly session: UiSession;
  readonly episode: EpisodeApi;
  readonly registry: SchemaRegistry;
  readonly chrome: Chrome;
}

/** Query-string values (Express's simple parser) as one string each; arrays keep the first. */
export function param(q: Record<string, unknown>, name: string): string | undefined {
  const v = q[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}
