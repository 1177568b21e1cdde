#!/usr/bin/env node
// Composition root: the only place that reads argv/env, opens files and listens.
import { Command } from 'commander';
import { registerGenerate } from './commands/generate.js';
import { registerLeaderboard } from './commands/leaderboard.js';
import { registerMcp } from './commands/mcp.js';
import { registerQuery } from './commands/query.js';
import { registerRun } from './commands/run.js';
import { registerServe } from './commands/serve.js';
import { registerTasks } from './commands/tasks.js';
import { readable } from './org-file.js';

const program = new Command();
program
  .name('localforce')
  .description('An offline stand-in for the Salesforce org behind the CRMArena benchmark.')
  .version('0.1.0');

registerGenerate(program);
registerMcp(program);
registerQuery(program);
registerServe(program);
registerRun(program);
registerTasks(program);
registerLeaderboard(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  // fs errors carry the path: "cannot open /x/y.json: no such file or directory", not "ENOENT: …".
  const fsError = err as NodeJS.ErrnoException;
  const message = fsError.path && fsError.code ? `cannot ${fsError.syscall ?? 'use'} ${fsError.path}: ${readable(err)}` : err instanceof Error ? err.message : String(err);
  process.stderr.write(`localforce: ${message}\n`);
  process.exit(1);
});
