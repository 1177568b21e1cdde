// The generator's fixed calendar: no clock is ever read; every date is derived from these constants.

export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** Reference "now" of a generated org (audit fields never go past it). */
export const REFERENCE_NOW = '2025-01-01T00:00:00.000Z';

/** All records fall in 2020-01-01 .. 2024-12-31. */
export const RECORDS_START_MS = Date.UTC(2020, 0, 1);

/** Cases are created before CASES_END (CRMArena: 2020-01 → 2024-05); they follow purchases from 2020-01-01. */
const CASES_END_MS = Date.UTC(2024, 5, 1);

/** Day number (days since 1970-01-01, UTC) of a time in ms. */
export const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** 'YYYY-MM-DD' of a day number. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

let lastMs = NaN;
let lastIso = '';
/** The stored datetime text of a time in ms (caches the last value: catalogue rows share one). */
export function iso(ms: number): string {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
}

/** Day number of a calendar date (month 1–12). */
export const dayNumber = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / DAY_MS;

export const FIRST_ORDER_DAY = dayNumber(2020, 1, 1);
export const LAST_ORDER_DAY = dayNumber(2024, 12, 31);
export const LAST_CASE_DAY = dayOf(CASES_END_MS) - 1;
