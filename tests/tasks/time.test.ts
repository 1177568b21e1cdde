// Time windows (CRMArena semantics) and the phrase ↔ window round trip the solver relies on.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../generator/rng.js';
import { addUnits, parseAgo, parseToday, parseWindowSpec, phraseWindow, resolveWindow, utcDate, ymd, type WindowSpec } from '../../tasks/time.js';

const win = (spec: WindowSpec, today = utcDate(2024, 6, 15)) => {
  const w = resolveWindow(spec, today);
  return [w.start.toISOString(), w.end.toISOString()];
};

describe('windows', () => {
  it('named periods', () => {
    expect(win({ kind: 'season', season: 'Winter', year: 2021 })).toEqual(['2021-12-01T00:00:00.000Z', '2022-03-01T00:00:00.000Z']);
    expect(win({ kind: 'season', season: 'Spring', year: 2022 })).toEqual(['2022-03-01T00:00:00.000Z', '2022-06-01T00:00:00.000Z']);
    expect(win({ kind: 'quarter', quarter: 4, year: 2022 })).toEqual(['2022-10-01T00:00:00.000Z', '2023-01-01T00:00:00.000Z']);
    expect(win({ kind: 'month', month: 2, year: 2024 })).toEqual(['2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
  });
  it('relative windows end today at midnight and clamp month ends', () => {
    expect(win({ kind: 'relative', n: 2, unit: 'quarter' }, utcDate(2024, 8, 31))).toEqual(['2024-02-29T00:00:00.000Z', '2024-08-31T00:00:00.000Z']);
    expect(win({ kind: 'relative', n: 1, unit: 'month' }, utcDate(2023, 3, 31))).toEqual(['2023-02-28T00:00:00.000Z', '2023-03-31T00:00:00.000Z']);
    expect(win({ kind: 'relative', n: 2, unit: 'week', fortnight: true }, utcDate(2023, 1, 10))).toEqual(['2022-12-27T00:00:00.000Z', '2023-01-10T00:00:00.000Z']);
    expect(win({ kind: 'relative', n: 10, unit: 'day' }, utcDate(2023, 1, 5))).toEqual(['2022-12-26T00:00:00.000Z', '2023-01-05T00:00:00.000Z']);
  });
  it('N units ago', () => {
    expect(ymd(addUnits(utcDate(2022, 3, 31), -1, 'month'))).toBe('2022-02-28');
    expect(parseAgo('the jacket I bought a fortnight ago')).toEqual({ n: 2, unit: 'week' });
    expect(parseAgo('bought three weeks ago')).toEqual({ n: 3, unit: 'week' });
    expect(parseAgo('ordered 12 days ago')).toEqual({ n: 12, unit: 'day' });
    expect(parseAgo('a month ago')).toEqual({ n: 1, unit: 'month' });
  });
  it("today's date", () => {
    expect(ymd(parseToday("# Policy\n\nToday's date: 2023-04-05")!)).toBe('2023-04-05');
  });
});

describe('phrase → parse round trip', () => {
  it('every phrasing of every kind of window parses back to the same window', () => {
    const rng = new Rng('time-test');
    const today = utcDate(2023, 5, 17);
    const specs: WindowSpec[] = [{ kind: 'relative', n: 2, unit: 'week', fortnight: true }];
    for (const unit of ['day', 'week', 'month', 'quarter'] as const) for (const n of [1, 2, 3, 7, 11, 45]) specs.push({ kind: 'relative', n, unit });
    for (let m = 1; m <= 12; m++) specs.push({ kind: 'month', month: m, year: 2021 });
    for (let q = 1; q <= 4; q++) specs.push({ kind: 'quarter', quarter: q, year: 2022 });
    for (const season of ['Spring', 'Summer', 'Fall', 'Winter'] as const) specs.push({ kind: 'season', season, year: 2020 });
    for (const spec of specs) {
      for (let i = 0; i < 12; i++) {
        const phrase = phraseWindow(spec, (xs) => rng.pick(xs));
        const parsed = parseWindowSpec(`Which agent had the lowest handle time ${phrase}, among agents who managed more than 2 cases?`);
        expect(parsed, phrase).toBeDefined();
        expect(resolveWindow(parsed!, today), phrase).toEqual(resolveWindow(spec, today));
      }
    }
  });
});
