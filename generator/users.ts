// The 150 users (fixed for every scale): the API user, 100 service agents, managers, analysts and
// staff / system users. Names come from a seeded Faker instance; agent emails use `@domain.com`.
import { COMPANY } from '../fixtures/index.js';
import { API_USER_ID, makeId, keyPrefix } from '../schema/index.js';
import { seededFaker } from './faker.js';
import type { Rng } from './rng.js';
import { DAY_MS, iso, RECORDS_START_MS } from './time.js';

export const API_USERNAME = 'api@localforce.dev';
export const FIRST_AGENT_USER = 2; // users 2..101 are service agents
export const AGENT_COUNT = 100;
export const MANAGER_COUNT = 10;
export const ANALYST_COUNT = 10;
export const USER_COUNT = 150;

export type UserRole = 'api' | 'agent' | 'manager' | 'analyst' | 'staff';

export interface UserRecord {
  readonly n: number; // Id counter
  readonly id: string;
  readonly role: UserRole;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly row: Record<string, unknown>;
}

const STAFF_TITLES: readonly (readonly [string, string])[] = [
  ['Store Operations Lead', 'Retail Operations'],
  ['Merchandising Specialist', 'Merchandising'],
  ['Marketing Specialist', 'Marketing'],
  ['E-commerce Manager', 'E-commerce'],
  ['Warehouse Coordinator', 'Fulfillment'],
  ['Sales Associate', 'Sales'],
  ['IT Administrator', 'IT'],
  ['Finance Analyst', 'Finance'],
];
const SYSTEM_USERS: readonly (readonly [string, string, string])[] = [
  ['Automated', 'Process', 'Automated Process'],
  ['Platform', 'Integration', 'Integration User'],
  ['Chat', 'Bot', 'Chatbot'],
  ['Security', 'User', 'Security User'],
];

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const TZ = ['America/Los_Angeles', 'America/Denver', 'America/Chicago', 'America/New_York'] as const;

/** An agent's employment (latent.ts AgentLatent): hire day and leave day (day numbers). */
export interface AgentTenure {
  readonly hireDay: number;
  readonly leaveDay: number | null;
}

/** Agents are created when hired (or with the records when already on staff); leavers are inactive. */
export function buildUsers(root: Rng, tenure: readonly AgentTenure[] = []): UserRecord[] {
  const r = root.fork('users');
  const faker = seededFaker(r.seed31());
  const users: UserRecord[] = [];
  const seen = new Set<string>();
  const created = iso(RECORDS_START_MS);

  const add = (role: UserRole, first: string, last: string, title: string, dept: string, opts: { email?: string; username?: string; tz?: string; active?: boolean; created?: string; modified?: string } = {}) => {
    const n = users.length + 1;
    const local = `${slug(first)}.${slug(last)}`;
    const email = opts.email ?? `${local}@${role === 'agent' || role === 'manager' ? COMPANY.agentEmailDomain : 'summitoutfitters.com'}`;
    const username = opts.username ?? `${local}@summitoutfitters.localforce.dev`;
    const alias = `${slug(first).slice(0, 1)}${slug(last).slice(0, 4)}`.slice(0, 8) || 'user';
    const id = n === 1 ? API_USER_ID : makeId(keyPrefix('User'), n);
    const row: Record<string, unknown> = {
      Id: id,
      FirstName: first,
      LastName: last,
      Name: `${first} ${last}`,
      Email: email,
      Phone: phone(r),
      Username: username,
      Alias: alias,
      IsActive: opts.active ?? true,
      ProfileId: makeId('00e', role === 'api' ? 1 : role === 'agent' ? 2 : role === 'manager' ? 3 : role === 'analyst' ? 4 : 5),
      UserRoleId: role === 'api' || role === 'staff' ? null : makeId('00E', role === 'agent' ? 1 : role === 'manager' ? 2 : 3),
      Title: title,
      Department: dept,
      LanguageLocaleKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
      TimeZoneSidKey: opts.tz ?? r.pick(TZ),
      LocaleSidKey: 'en_US',
      IsDeleted: false,
      CreatedDate: opts.created ?? created,
      CreatedById: API_USER_ID,
      LastModifiedDate: opts.modified ?? opts.created ?? created,
      LastModifiedById: API_USER_ID,
      SystemModstamp: opts.modified ?? opts.created ?? created,
    };
    users.push({ n, id, role, firstName: first, lastName: last, email, row });
  };
  const person = (): [string, string] => {
    for (;;) {
      const first = faker.person.firstName();
      const last = faker.person.lastName();
      const key = `${slug(first)}.${slug(last)}`;
      if (!seen.has(key) && slug(first) && slug(last)) {
        seen.add(key);
        return [first, last];
      }
    }
  };

  add('api', 'Localforce', 'API', 'Integration User', 'IT', { email: API_USERNAME, username: API_USERNAME, tz: 'GMT' });
  for (let i = 0; i < AGENT_COUNT; i++) {
    const [f, l] = person();
    const t = tenure[i];
    const hiredMs = t ? Math.max(RECORDS_START_MS, t.hireDay * DAY_MS) : RECORDS_START_MS;
    const leftMs = t?.leaveDay != null ? (t.leaveDay + 1) * DAY_MS : undefined;
    add('agent', f, l, r.chance(0.25) ? 'Senior Service Agent' : 'Service Agent', 'Customer Service', {
      active: leftMs === undefined,
      created: iso(hiredMs),
      ...(leftMs !== undefined ? { modified: iso(leftMs) } : {}),
    });
  }
  for (let i = 0; i < MANAGER_COUNT; i++) {
    const [f, l] = person();
    add('manager', f, l, i < 3 ? 'Service Manager' : 'Support Supervisor', 'Customer Service');
  }
  for (let i = 0; i < ANALYST_COUNT; i++) {
    const [f, l] = person();
    add('analyst', f, l, 'Service Analyst', 'Customer Insights');
  }
  for (const [f, l, title] of SYSTEM_USERS) add('staff', f, l, title, 'IT', { tz: 'GMT' });
  while (users.length < USER_COUNT) {
    const [f, l] = person();
    const [title, dept] = r.pick(STAFF_TITLES);
    add('staff', f, l, title, dept, { active: !r.chance(0.1) });
  }
  return users;
}

export function phone(r: Rng): string {
  return `(${r.int(201, 989)}) ${r.int(200, 999)}-${String(r.int(0, 9999)).padStart(4, '0')}`;
}
