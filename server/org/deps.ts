// What every org service and router receives. Built once by createApp (server/app.ts) from the
// CLI's options; nothing below reads env, argv or the wall clock.
import type { Store } from '../store/index.js';

export interface OrgDeps {
  readonly store: Store;
  /** The injected clock: SOQL date literals, audit fields and `issued_at` use it. */
  readonly now: () => Date;
  /** Time zone of the API user for SOQL date literals (default 'GMT'). */
  readonly timeZone: string;
  readonly orgId: string; // 18-char 00D…
  readonly userId: string; // 18-char 005… (the API user clients are logged in as)
}
