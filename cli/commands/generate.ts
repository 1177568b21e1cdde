import type { Command } from 'commander';

// Placeholder until this command lands; it fails loudly rather than pretending to work.
export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description('not implemented yet')
    .allowUnknownOption()
    .action(() => {
      process.stderr.write('localforce generate: not implemented yet\n');
      process.exit(2);
    });
}
