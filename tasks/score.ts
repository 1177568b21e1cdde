// Deterministic scoring (tasks.md "Scoring"): exact match over the items extracted from a free-text
// answer (Salesforce Ids, month names, US states) with CRMArena's `None` convention, and SQuAD token
// F1 for knowledge QA. Pure functions of (gold, answer); no LLM.
import { checksumSuffix, schema, SUFFIX_ALPHABET } from '../schema/index.js';
import { MONTHS } from './time.js';
import { TASK_FAMILIES, TASK_IDS, type AnswerKind, type RewardMetric, type TaskFamily, type TaskId } from './types.js';

export type { AnswerKind, RewardMetric } from './types.js';

// ── Salesforce Ids ───────────────────────────────────────────────────────────────────────────


/**
 * The case-sensitive 15-char stem of an Id. An 18-char Id is case-safe: its suffix says which of
 * the first 15 characters are upper case, so a lower-cased 18-char Id still maps to its stem.
 */
export function idStem(id: string): string {
  if (id.length !== 18) return id;
  const stem = id.slice(0, 15);
  const suffix = id.slice(15);
  if (checksumSuffix(stem) === suffix) return stem;
  const upper = suffix.toUpperCase();
  if ([...upper].some((c) => !SUFFIX_ALPHABET.includes(c))) return stem;
  return restoreCase(stem, upper);
}

function restoreCase(stem: string, suffix: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    const bits = SUFFIX_ALPHABET.indexOf(suffix[chunk]!);
    for (let i = 0; i < 5; i++) {
      const c = stem[chunk * 5 + i]!;
      out += bits & (1 << i) ? c.toUpperCase() : c.toLowerCase();
    }
  }
  return out;
}

/** Ids in free text: 15- or 18-char alphanumeric tokens with at least one digit, as 15-char stems. */
export function extractIds(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![A-Za-z0-9])([A-Za-z0-9]{18}|[A-Za-z0-9]{15})(?![A-Za-z0-9])/g)) {
    const tok = m[1]!;
    if (!/\d/.test(tok) || !/[A-Za-z]/.test(tok)) continue;
    out.push(idStem(tok));
  }
  return out;
}

// ── Months ───────────────────────────────────────────────────────────────────────────────────

export function extractMonths(text: string): string[] {
  const out: string[] = [];
  let mayLower = false;
  for (const m of text.matchAll(/\b(January|February|March|April|May|June|July|August|September|October|November|December)\b/gi)) {
    const word = m[1]!;
    const name = MONTHS.find((x) => x.toLowerCase() === word.toLowerCase())!;
    // "may" is also a verb: a lower-case "may" counts only when no other month is named.
    if (name === 'May' && word !== 'May' && word !== 'MAY') {
      mayLower = true;
      continue;
    }
    out.push(name);
  }
  // Capitalised abbreviations ("Dec", "Sept.") count too; lower-case "mar"/"jan" in prose do not.
  for (const m of text.matchAll(/\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|JAN|FEB|MAR|APR|JUN|JUL|AUG|SEP|SEPT|OCT|NOV|DEC)\b\.?/g)) {
    const k = m[1]!.slice(0, 3).toLowerCase();
    out.push(MONTHS.find((x) => x.toLowerCase().startsWith(k))!);
  }
  if (out.length === 0 && mayLower) out.push('May');
  return out;
}

// ── US states ────────────────────────────────────────────────────────────────────────────────

export const US_STATES: Readonly<Record<string, string>> = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado',
  CT: 'Connecticut', DE: 'Delaware', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho',
  IL: 'Illinois', IN: 'Indiana', IA: 'Iowa', KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana',
  ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts', MI: 'Michigan', MN: 'Minnesota', MS: 'Mississippi',
  MO: 'Missouri', MT: 'Montana', NE: 'Nebraska', NV: 'Nevada', NH: 'New Hampshire', NJ: 'New Jersey',
  NM: 'New Mexico', NY: 'New York', NC: 'North Carolina', ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma',
  OR: 'Oregon', PA: 'Pennsylvania', RI: 'Rhode Island', SC: 'South Carolina', SD: 'South Dakota',
  TN: 'Tennessee', TX: 'Texas', UT: 'Utah', VT: 'Vermont', VA: 'Virginia', WA: 'Washington',
  WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming', DC: 'District of Columbia',
};

const STATE_BY_NAME = new Map(Object.entries(US_STATES).map(([code, name]) => [name.toLowerCase(), code]));
// Longest names first, so "West Virginia" is taken before "Virginia".
const STATE_NAME_RE = new RegExp(
  `\\b(${[...STATE_BY_NAME.keys()].sort((a, b) => b.length - a.length).map((n) => n.replace(/ /g, '\\s+')).join('|')})\\b`,
  'gi',
);

export function extractStates(text: string): string[] {
  const out: string[] = [];
  const rest = text.replace(STATE_NAME_RE, (name) => {
    out.push(STATE_BY_NAME.get(name.toLowerCase().replace(/\s+/g, ' '))!);
    return ' ';
  });
  const trimmed = rest.trim().replace(/^["'`]+|["'`.]+$/g, '').trim();
  // A bare answer such as "ca" is a code in any case; inside prose only upper-case codes count.
  if (out.length === 0 && /^[A-Za-z]{2}$/.test(trimmed) && US_STATES[trimmed.toUpperCase()]) return [trimmed.toUpperCase()];
  for (const m of rest.matchAll(/(?<![A-Za-z])([A-Z]{2})(?![A-Za-z])/g)) if (US_STATES[m[1]!]) out.push(m[1]!);
  return out;
}

// ── Exact match ──────────────────────────────────────────────────────────────────────────────

// "None" and its common paraphrases (docs/agents.md lists them): an answer with no item of the
// expected kind counts as None only when it says so in one of these ways.
const NONE_PATTERNS: readonly RegExp[] = [
  /^\W*(none|null|nil|n\/a|nothing|no answer|no result)\W*$/i,
  /\bnone\b/i,
  /\bnot found\b/i,
  /\b(could ?n[o']?t|can ?n[o']?t|cannot|unable to|did ?n[o']?t|was not able to|were not able to) (find|locate|identify|determine|retrieve)\b/i,
  /\bno (matching |such |relevant |qualifying |eligible |applicable |corresponding )?(records?|results?|agents?|cases?|products?|orders?|purchases?|articles?|violations?|issues?|data|matches?|entries|rows|states?|months?)\b/i,
  /\bthere (is|are|were|was) no\b/i,
  /\b(does|do|did) ?n[o']?t (exist|match|apply)\b/i,
  /\bno (policy )?(was |were )?violated\b/i,
];

export function saysNone(text: string): boolean {
  return NONE_PATTERNS.some((re) => re.test(text));
}

/**
 * Items of the expected kind; ["None"] when there are none and the answer says so. With `prefixes`,
 * only Ids of those objects count (a case Id mentioned next to the agent's Id is not an answer).
 */
export function extractAnswer(text: string, kind: AnswerKind, prefixes?: ReadonlySet<string>): string[] {
  let items = kind === 'id' ? extractIds(text) : kind === 'month' ? extractMonths(text) : extractStates(text);
  if (kind === 'id' && prefixes && prefixes.size > 0) items = items.filter((id) => prefixes.has(id.slice(0, 3)));
  const uniq = [...new Set(items)].sort();
  if (uniq.length > 0) return uniq;
  return saysNone(text) ? ['None'] : [];
}

/** Normalises a gold answer list to the comparison form (stems for Ids, canonical month/state). */
export function normalizeGold(gold: readonly (string | null)[], kind: AnswerKind): string[] {
  const out = gold.map((g) => {
    if (g === null || g === undefined || g === 'None' || g === '') return 'None';
    if (kind === 'id') return idStem(g);
    if (kind === 'month') return extractMonths(g)[0] ?? g;
    return extractStates(g)[0] ?? g;
  });
  return [...new Set(out)].sort();
}

export function exactMatch(
  gold: readonly (string | null)[],
  answer: string,
  kind: AnswerKind,
  prefixes?: ReadonlySet<string>,
): { reward: number; extracted: string[] } {
  const extracted = extractAnswer(answer, kind, prefixes);
  const g = normalizeGold(gold.length ? gold : [null], kind);
  const reward = extracted.length === g.length && extracted.every((x, i) => x === g[i]) ? 1 : 0;
  return { reward, extracted };
}

const familyOf = (task: string): TaskFamily | undefined => (TASK_IDS.includes(task as TaskId) ? TASK_FAMILIES[task as TaskId] : undefined);

/** The kind of item a family's answer is; falls back to the gold's shape for other task ids. */
export function answerKind(task: string, gold: readonly (string | null)[] = []): AnswerKind {
  const answer = familyOf(task)?.answer;
  if (answer === 'id' || answer === 'month' || answer === 'state') return answer;
  if (task === 'seasonality_identification') return 'month';
  const g = gold.find((x) => x && x !== 'None');
  if (g && extractMonths(g).length === 1 && g.trim().length <= 9) return 'month';
  if (g && /^[A-Z]{2}$/.test(g.trim())) return 'state';
  return 'id';
}

// ── Fuzzy match (SQuAD token F1) ─────────────────────────────────────────────────────────────

/** CRMArena's normalize_answer: lower-case, `_` → space, punctuation → space, drop articles, collapse spaces. */
export function normalizeAnswer(s: string): string {
  return s
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/[!"#$%&'()*+,\-./:;<=>?@[\\\]^`{|}~‘’´“”]/g, ' ')
    .replace(/\b(a|an|the)\b/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
}

export function tokenF1(prediction: string, gold: string): number {
  const p = normalizeAnswer(prediction).split(' ').filter(Boolean);
  const g = normalizeAnswer(gold).split(' ').filter(Boolean);
  if (p.length === 0 || g.length === 0) return p.length === g.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const t of g) counts.set(t, (counts.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of p) {
    const c = counts.get(t) ?? 0;
    if (c > 0) {
      same++;
      counts.set(t, c - 1);
    }
  }
  if (same === 0) return 0;
  const precision = same / p.length;
  const recall = same / g.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Scores one answer; KQA takes the best F1 over the gold list. */
export function scoreAnswer(
  task: string,
  metric: RewardMetric,
  gold: readonly (string | null)[],
  answer: string,
): { reward: number; extracted: string[] } {
  if (metric === 'fuzzy_match') {
    const golds = gold.filter((g): g is string => typeof g === 'string');
    const reward = golds.length ? Math.max(...golds.map((g) => tokenF1(answer, g))) : 0;
    return { reward, extracted: [answer] };
  }
  const kind = answerKind(task, gold);
  return exactMatch(gold, answer, kind, kind === 'id' ? idPrefixes(task, gold) : undefined);
}

/** The family's answer prefix plus the prefixes of the gold Ids; empty (= any Id) when unknown. */
export function idPrefixes(task: string, gold: readonly (string | null)[]): Set<string> {
  const out = new Set<string>();
  const idObject = familyOf(task)?.idObject;
  if (idObject) out.add(schema.object(idObject)!.def.keyPrefix);
  for (const g of gold) if (g && g !== 'None' && /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/.test(g)) out.add(g.slice(0, 3));
  return out;
}
