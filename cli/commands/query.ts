import type { Command } from 'commander';

// Placeholder until this command lands; it fails loudly rather than pretending to work.
export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('not implemented yet')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('localforce query: not implemented yet\n');
      process.exit(2);
    });
}
