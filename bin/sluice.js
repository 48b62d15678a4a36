#!/usr/bin/env node
/* global process, URL */
// In a source checkout (src/cli/main.ts next to this file) the CLI runs from TypeScript through
// tsx; an installed package runs the compiled dist/. Only the entry is loaded here: commands
// import the engine and the model when they run, so `sluice --help` stays fast.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
const typescript = existsSync(source);
let cli;
if (typescript) {
  // tsx's loader hooks run in a worker thread and cost a round trip for every module loaded
  // after them: about a second for the store's query builder (kysely, ~280 files). Loading it
  // before the hooks keeps it off that path; commands without a store skip it.
  const storeless = new Set([
    undefined,
    'validate',
    'mine',
    'decide',
    'simulate',
    'help',
    '--help',
    '-h',
    '--version',
    '-V',
  ]);
  const [{ register }] = await Promise.all([
    import('tsx/esm/api'),
    storeless.has(process.argv[2]) ? undefined : import('kysely'),
  ]);
  register();
  cli = await import(source.href);
} else {
  cli = await import('../dist/cli/main.js');
}
process.exitCode = await cli.main(process.argv.slice(2), { typescript });
