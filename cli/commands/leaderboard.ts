// `localforce leaderboard DIR…`, `leaderboard pack DIR --out run.tgz`, `leaderboard verify run.tgz --tasks
// tasks.json`: the file-system side of leaderboard/ (which only sees file contents). docs/leaderboard.md.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  buildLeaderboard, LeaderboardError, loadRun, pack, parseTasks, sha256, toHtml, toMarkdown, verify,
  type GoldInstance, type RunSource,
} from '../../leaderboard/index.js';
import { untgz } from '../../leaderboard/index.js';

const RUN_FILES = ['manifest.json', 'report.json', 'answers.jsonl', 'trajectories.jsonl', 'report.md'];
const FORMATS = ['md', 'html', 'json'] as const;
type Format = (typeof FORMATS)[number];

function href(fromDir: string, target: string): string {
  return relative(fromDir, target).split('\\').join('/') || '.';
}

/** A run directory, a bundle (.tgz) or a bare eval report (a JSON file). */
export function readSource(path: string, linkBase: string): RunSource {
  const abs = resolve(path);
  if (!existsSync(abs)) throw new LeaderboardError(`${path}: no such file or directory`);
  if (statSync(abs).isDirectory()) {
    const files = new Map<string, string>();
    for (const n of RUN_FILES) if (existsSync(join(abs, n))) files.set(n, readFileSync(join(abs, n), 'utf8'));
    if (!files.has('report.json')) throw new LeaderboardError(`${path}: not a run directory (no report.json)`);
    const report = files.has('report.md') ? 'report.md' : 'report.json';
    return {
      path,
      files,
      links: {
        report: href(linkBase, join(abs, report)),
        ...(files.has('trajectories.jsonl') ? { trajectories: href(linkBase, join(abs, 'trajectories.jsonl')) } : {}),
      },
    };
  }
  if (/\.(tgz|tar\.gz)$/.test(abs)) {
    const files = new Map(untgz(readFileSync(abs)).map((e) => [e.name, Buffer.from(e.data).toString('utf8')]));
    return { path, files, links: {} };
  }
  return { path, files: new Map([['report.json', readFileSync(abs, 'utf8')]]), links: { report: href(linkBase, abs) } };
}

function readGold(path: string): { hash: string; instances: GoldInstance[] } {
  const bytes = readFileSync(path);
  return { hash: sha256(bytes), instances: parseTasks(path, bytes.toString('utf8')) };
}

interface LeaderboardOptions {
  out?: string;
  format?: string;
  reference?: string;
  baseline?: string;
  tasks?: string;
  resamples: number;
}

function formatOf(o: LeaderboardOptions): Format {
  const f = o.format ?? (o.out ? { '.html': 'html', '.htm': 'html', '.json': 'json' }[extname(o.out).toLowerCase()] ?? 'md' : 'md');
  if (!(FORMATS as readonly string[]).includes(f)) throw new LeaderboardError(`unknown format ${f} (md, html or json)`);
  return f as Format;
}

export function registerLeaderboard(program: Command): void {
  const lb = program
    .command('leaderboard')
    .description('rank run directories in CRMArena Table 2 shape, with 95% bootstrap intervals (docs/leaderboard.md)')
    .argument('[dirs...]', 'run directories written by `localforce run`, bundles (.tgz) or `eval --out` reports')
    .option('--out <file>', 'write here instead of stdout')
    .option('--format <format>', 'md | html | json (default: from --out, else md)')
    .option('--reference <name>', 'add published rows: crmarena')
    .option('--baseline <dir>', 'a run to test every comparable run against (paired bootstrap)')
    .option('--tasks <path>', 'the tasks file: re-score answers.jsonl instead of trusting report.json')
    .option('--resamples <n>', 'bootstrap resamples', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 100 || n > 100_000) throw new LeaderboardError(`--resamples must be an integer in 100…100000, not ${v}`);
      return n;
    }, 2000)
    .action((dirs: string[], o: LeaderboardOptions) => {
      const format = formatOf(o);
      if (o.reference !== undefined && o.reference !== 'crmarena') throw new LeaderboardError(`unknown reference ${o.reference} (crmarena)`);
      if (!dirs.length && !o.reference) throw new LeaderboardError('give at least one run directory');
      const linkBase = o.out ? dirname(resolve(o.out)) : process.cwd();
      const gold = o.tasks ? readGold(o.tasks) : undefined;
      const norm = (p: string) => relative(process.cwd(), resolve(p)) || '.';
      const runs = [...new Set(dirs.map(norm))].map((d) => loadRun(readSource(d, linkBase), gold));
      const baseline = o.baseline ? (runs.find((r) => r.source === norm(o.baseline!)) ?? loadRun(readSource(norm(o.baseline), linkBase), gold)) : undefined;
      const board = buildLeaderboard(runs, { ...(baseline ? { baseline } : {}), ...(o.reference ? { reference: 'crmarena' as const } : {}), resamples: o.resamples });
      const text = format === 'json' ? `${JSON.stringify(board, null, 2)}\n` : format === 'html' ? toHtml(board) : toMarkdown(board);
      if (o.out) {
        writeFileSync(o.out, text);
        process.stderr.write(`wrote ${o.out} (${board.groups.length} table${board.groups.length === 1 ? '' : 's'}, ${board.groups.reduce((a, g) => a + g.rows.length, 0)} runs)\n`);
      } else {
        process.stdout.write(text);
      }
    });

  lb.command('pack')
    .description('bundle a run directory (manifest, answers, trajectories, report) into one .tgz')
    .argument('<dir>', 'run directory')
    .option('--out <file>', 'run.tgz (required)')
    .action((dir: string, own: { out?: string }) => {
      // commander hands `--out` to the parent command (it has one too) unless the root enables positional options.
      const o = { out: own.out ?? lb.opts<{ out?: string }>().out };
      if (!o.out) throw new LeaderboardError('leaderboard pack needs --out FILE');
      const abs = resolve(dir);
      if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new LeaderboardError(`${dir}: not a directory`);
      const files = new Map<string, Uint8Array>();
      for (const n of RUN_FILES) if (existsSync(join(abs, n))) files.set(n, readFileSync(join(abs, n)));
      const bytes = pack(files);
      writeFileSync(o.out, bytes);
      process.stderr.write(`wrote ${o.out} (${bytes.length} bytes, sha256 ${sha256(bytes)})\n`);
    });

  lb.command('verify')
    .description('re-score a bundle against the tasks file and check every hash; exit 1 if anything differs')
    .argument('<bundle>', 'run.tgz')
    .option('--tasks <path>', 'the tasks file the run used (required)')
    .action((bundle: string, own: { tasks?: string }) => {
      const o = { tasks: own.tasks ?? lb.opts<{ tasks?: string }>().tasks };
      if (!o.tasks) throw new LeaderboardError('leaderboard verify needs --tasks tasks.json');
      for (const p of [bundle, o.tasks]) if (!existsSync(p)) throw new LeaderboardError(`${p}: no such file`);
      const result = verify(readFileSync(bundle), readFileSync(o.tasks));
      for (const c of result.checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}\n`);
      process.stdout.write(result.ok ? 'verified\n' : 'rejected\n');
      if (!result.ok) process.exitCode = 1;
    });
}
