import type { Command } from 'commander';

// Placeholder until this command lands; it fails loudly rather than pretending to work.
export function registerTasks(program: Command): void {
  program
    .command('tasks')
    .description('not implemented yet')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('localforce tasks: not implemented yet\n');
      process.exit(2);
    });
}
