// The identity service (`/id/{org}/{user}`), OAuth `userinfo`, and the org facts the SOAP login
// result carries. Values come from the org's User and Organization records.
// https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid.htm
import type { UserRecord } from './auth.js';
import type { OrgDeps } from './deps.js';

export interface OrgInfo {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly isSandbox: boolean;
}

export function orgInfo(deps: OrgDeps): OrgInfo {
  const row = deps.store.get('SELECT "Name", "TimeZoneSidKey", "IsSandbox" FROM "Organization" WHERE "Id" = ? LIMIT 1', [deps.orgId]) as
    | { Name: string | null; TimeZoneSidKey: string | null; IsSandbox: number }
    | undefined;
  return { id: deps.orgId, name: row?.Name ?? 'Localforce', timeZone: row?.TimeZoneSidKey ?? deps.timeZone, isSandbox: row?.IsSandbox === 1 };
}

/** The `urls` map shared by identity and userinfo; Salesforce leaves `{version}` literal. */
function urls(base: string, orgId: string, userId: string): Record<string, string> {
  const data = `${base}/services/data/v{version}`;
  return {
    enterprise: `${base}/services/Soap/c/{version}/${orgId.slice(0, 15)}`,
    metadata: `${base}/services/Soap/m/{version}/${orgId.slice(0, 15)}`,
    partner: `${base}/services/Soap/u/{version}/${orgId.slice(0, 15)}`,
    rest: `${data}/`,
    sobjects: `${data}/sobjects/`,
    search: `${data}/search/`,
    query: `${data}/query/`,
    recent: `${data}/recent/`,
    tooling_soap: `${base}/services/Soap/T/{version}/${orgId.slice(0, 15)}`,
    tooling_rest: `${data}/tooling/`,
    profile: `${base}/${userId}`,
    feeds: `${data}/chatter/feeds`,
    groups: `${data}/chatter/groups`,
    users: `${data}/chatter/users`,
    feed_items: `${data}/chatter/feed-items`,
    feed_elements: `${data}/chatter/feed-elements`,
    custom_domain: base,
  };
}

const photos = (base: string) => ({ picture: `${base}/img/userprofile/default_profile_200_v2.png`, thumbnail: `${base}/img/userprofile/default_profile_45_v2.png` });

/** `GET /id/{orgId}/{userId}` body. `base` is the scheme://host[:port] the request arrived on. */
export function identity(base: string, orgId: string, user: UserRecord, now: Date): Record<string, unknown> {
  return {
    id: `${base}/id/${orgId}/${user.Id}`,
    asserted_user: true,
    user_id: user.Id,
    organization_id: orgId,
    username: user.Username,
    nick_name: user.Alias ?? user.Username.split('@')[0],
    display_name: user.Name ?? [user.FirstName, user.LastName].filter(Boolean).join(' '),
    email: user.Email,
    email_verified: true,
    first_name: user.FirstName,
    last_name: user.LastName,
    timezone: user.TimeZoneSidKey ?? 'GMT',
    photos: photos(base),
    addr_street: null,
    addr_city: null,
    addr_state: null,
    addr_country: null,
    addr_zip: null,
    mobile_phone: null,
    mobile_phone_verified: false,
    is_lightning_login_user: false,
    status: { created_date: null, body: null },
    urls: urls(base, orgId, user.Id),
    active: user.IsActive === 1,
    user_type: 'STANDARD',
    language: user.LanguageLocaleKey ?? 'en_US',
    locale: user.LocaleSidKey ?? 'en_US',
    utcOffset: 0,
    last_modified_date: now.toISOString().replace('Z', '+0000'),
    is_app_installed: true,
  };
}

/** OAuth / OpenID Connect `userinfo` body. */
export function userinfo(base: string, orgId: string, user: UserRecord): Record<string, unknown> {
  const name = user.Name ?? [user.FirstName, user.LastName].filter(Boolean).join(' ');
  return {
    sub: `${base}/id/${orgId}/${user.Id}`,
    user_id: user.Id,
    organization_id: orgId,
    preferred_username: user.Username,
    nickname: user.Alias ?? user.Username.split('@')[0],
    name,
    email: user.Email,
    email_verified: true,
    given_name: user.FirstName,
    family_name: user.LastName,
    zoneinfo: user.TimeZoneSidKey ?? 'GMT',
    photos: photos(base),
    profile: `${base}/${user.Id}`,
    picture: photos(base).picture,
    address: {},
    is_salesforce_integration_user: false,
    urls: urls(base, orgId, user.Id),
    active: user.IsActive === 1,
    user_type: 'STANDARD',
    language: user.LanguageLocaleKey ?? 'en_US',
    locale: user.LocaleSidKey ?? 'en_US',
    utcOffset: 0,
    updated_at: '2024-01-01T00:00:00Z',
    is_app_installed: true,
  };
}
