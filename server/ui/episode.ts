// Until the episode manager (server/sessions) is wired in, the UI reads and writes one org through
// this adapter: the EpisodeApi contract over the same synchronous org services the REST routes use
// (QueryService, SearchService, RecordService, DescribeService), so there is no second data path.
import type { OrgDeps } from '../org/deps.js';
import { DescribeService } from '../org/describe.js';
import { QueryService } from '../org/query.js';
import { RecordService } from '../org/records.js';
import { SearchService } from '../org/search.js';
import type { EpisodeApi, EpisodeHost } from '../sessions/types.js';

/** The API version the UI asks for (attributes.url in results). */
export const UI_API_VERSION = '62.0';

export function orgEpisode(deps: OrgDeps, ids: { readonly id: string; readonly token: string }): EpisodeApi {
  const query = new QueryService(deps);
  const search = new SearchService(deps, { soql: query });
  const records = new RecordService(deps);
  const describe = new DescribeService(deps);
  return {
    id: ids.id,
    token: ids.token,
    timeZone: deps.timeZone,
    now: () => deps.now(),
    deps,
    async query(soql, opts) {
      const r = query.query(soql, { now: deps.now(), timeZone: deps.timeZone, apiVersion: opts?.apiVersion ?? UI_API_VERSION, includeDeleted: opts?.all === true });
      return { totalSize: r.totalSize, done: true, records: r.records };
    },
    async search(sosl, opts) {
      return search.search(sosl, { now: deps.now(), timeZone: deps.timeZone, apiVersion: opts?.apiVersion ?? UI_API_VERSION });
    },
    async describeGlobal(v) {
      return describe.global(v ?? UI_API_VERSION);
    },
    async describe(sobject, v) {
      return describe.describe(sobject, v ?? UI_API_VERSION);
    },
    async retrieve(sobject, id, fields, v) {
      return records.retrieve(sobject, id, fields, v ?? UI_API_VERSION);
    },
    async create(sobject, body) {
      return records.create(sobject, body);
    },
    async update(sobject, id, body) {
      records.update(sobject, id, body);
    },
    async delete(sobject, id) {
      records.delete(sobject, id);
    },
  };
}

/**
 * Where UI logins get their org. With an EpisodeHost every login forks a fresh episode and
 * `?token=` attaches to an agent's; without one every login shares the served org.
 */
export interface UiEpisodes {
  /** The org a new UI login works in. */
  forLogin(label: string): Promise<EpisodeApi>;
  /** The episode a bearer token selects (watching an agent), or undefined. */
  byToken(token: string): EpisodeApi | undefined;
  /** Whether logins get their own episode (shown on the login page). */
  readonly isolated: boolean;
}

export function hostEpisodes(host: EpisodeHost): UiEpisodes {
  return {
    isolated: true,
    forLogin: (label) => host.create({ label }),
    byToken: (token) => host.byToken(token),
  };
}

/** One shared org; a token is accepted when `validToken` says it is a live API session. */
export function sharedEpisodes(deps: OrgDeps, validToken: (token: string) => boolean, defaultToken: string): UiEpisodes {
  const shared = orgEpisode(deps, { id: 'default', token: defaultToken });
  return {
    isolated: false,
    forLogin: async () => shared,
    byToken: (token) => (validToken(token) ? shared : undefined),
  };
}
