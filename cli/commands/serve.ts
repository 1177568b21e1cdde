import type { Command } from 'commander';

// Placeholder until this command lands; it fails loudly rather than pretending to work.
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('not implemented yet')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('localforce serve: not implemented yet\n');
      process.exit(2);
    });
}
