// docs/compatibility.md's engine claims, checked against the engine: every row of the SOQL and SOSL
// tables cites fidelity-corpus cases (`[F12 F13]`, or `[no case: why]`), and the cited cases both
// pass and agree with the row's status — ✅/⚠️ rows are never NOT_EMULATED, ☑️ rows run, ❌ rows
// never run. A claim edited without its cases (or a behaviour changed without its claim) fails here.
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { FIDELITY } from './fidelity-corpus.js';
import { closeFidelityOrgs, kindOf, runFidelityCase, type CaseKind } from './fidelity-run.js';

afterAll(() => closeFidelityOrgs());

const DOC = readFileSync(new URL('../../docs/compatibility.md', import.meta.url), 'utf8');

interface Row {
  readonly section: string;
  readonly feature: string;
  readonly status: string;
  readonly cases: readonly number[];
  readonly noCase: boolean;
}

/** The table rows of a `## <title>` section. */
function rowsOf(title: string): Row[] {
  const start = DOC.indexOf(`## ${title}`);
  if (start < 0) throw new Error(`no section ${title}`);
  const end = DOC.indexOf('\n## ', start + 3);
  const body = DOC.slice(start, end < 0 ? undefined : end);
  const rows: Row[] = [];
  for (const line of body.split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('| feature') || line.startsWith('|---')) continue;
    // split on cell bars, not on escaped `\|`
    const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
    const notes = cells[2] ?? '';
    const cited = /\[(F\d+(?: F\d+)*)\]/.exec(notes);
    rows.push({
      section: title,
      feature: cells[0] ?? '',
      status: cells[1] ?? '',
      cases: cited ? cited[1]!.split(' ').map((f) => Number(f.slice(1))) : [],
      noCase: /\[no case: [^\]]+\]/.test(notes),
    });
  }
  return rows;
}

const ROWS = [...rowsOf('SOQL'), ...rowsOf('SOSL')];
const BY_N = new Map(FIDELITY.map((c) => [c.n, c]));

/** The case kinds a status allows. */
function allowed(status: string): readonly CaseKind[] {
  if (status.startsWith('✅') || status.startsWith('⚠️')) return ['emulated', 'rejected'];
  if (status.startsWith('☑️')) return ['emulated'];
  if (status.startsWith('❌')) return ['notEmulated', 'rejected'];
  throw new Error(`unknown status ${status}`);
}

describe('docs/compatibility.md engine rows', () => {
  it('has SOQL and SOSL rows, each citing cases (or saying why none can exist)', () => {
    expect(ROWS.length).toBeGreaterThan(30);
    for (const r of ROWS) expect(r.cases.length > 0 || r.noCase, `${r.section}: ${r.feature}`).toBe(true);
  });

  it.each(ROWS.filter((r) => r.cases.length > 0).map((r) => [`${r.section}: ${r.feature.slice(0, 70)}`, r] as const))('%s', (_name, r) => {
    const kinds = allowed(r.status);
    for (const n of r.cases) {
      const c = BY_N.get(n);
      expect(c, `F${n} is cited but not in the corpus`).toBeDefined();
      expect(kinds, `F${n} (${kindOf(c!)}) contradicts status ${r.status}`).toContain(kindOf(c!));
      const run = runFidelityCase(c!);
      expect(run.problem, run.detail).toBeNull();
    }
  });

  it('every fidelity case is cited by some row', () => {
    const cited = new Set(ROWS.flatMap((r) => r.cases));
    const uncited = FIDELITY.filter((c) => !cited.has(c.n)).map((c) => `F${c.n}`);
    expect(uncited).toEqual([]);
  });
});
