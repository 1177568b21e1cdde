// Progress on stderr: a redrawn bar with ETA and running score on a TTY, one plain line per finished
// episode otherwise (CI logs, job engines).
import type { EndReason } from '../tasks/index.js';

export interface ProgressEvent {
  readonly id: string;
  readonly endReason: EndReason;
  readonly reward: number;
  readonly turns: number;
  readonly ms: number;
}

export interface Progress {
  start(total: number, alreadyDone: number): void;
  episode(e: ProgressEvent): void;
  end(): void;
}

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(s: string): unknown;
}

export function createProgress(out: ProgressStream, wallNow: () => number = () => performance.now()): Progress {
  let total = 0;
  let done = 0;
  let doneThisRun = 0;
  let rewardSum = 0;
  let failures = 0;
  let t0 = 0;
  const tty = out.isTTY === true;
  const eta = () => {
    if (doneThisRun === 0) return '?';
    const s = Math.round((((wallNow() - t0) / doneThisRun) * (total - done)) / 1000);
    return s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
  };
  const score = () => (doneThisRun === 0 ? '–' : `${((100 * rewardSum) / doneThisRun).toFixed(1)}%`);
  return {
    start(n, already) {
      total = n;
      done = already;
      t0 = wallNow();
      if (!tty) out.write(`running ${n - already} of ${n} episodes${already ? ` (${already} already done)` : ''}\n`);
    },
    episode(e) {
      done++;
      doneThisRun++;
      rewardSum += e.reward;
      if (e.endReason !== 'answered') failures++;
      if (tty) {
        const width = 30;
        const filled = total ? Math.round((width * done) / total) : width;
        out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}  ETA ${eta()}  score ${score()}  failed ${failures}   `);
      } else {
        out.write(`[${done}/${total}] ${e.id} ${e.endReason} reward ${e.reward.toFixed(2)} turns ${e.turns} ${(e.ms / 1000).toFixed(1)}s | score ${score()} ETA ${eta()}\n`);
      }
    },
    end() {
      if (tty) out.write('\n');
    },
  };
}

export const silentProgress: Progress = { start() {}, episode() {}, end() {} };
