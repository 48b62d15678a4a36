/**
 * Job handlers come from user modules: `export default { 'reserve-stock': async (job) => ... }`.
 * A TypeScript module needs tsx; a source checkout has it registered already, an installed
 * package registers it here, only when such a module is asked for.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { JobHandler } from '../engine/job-executor.js';
import { CliFailure } from './cli-errors.js';

export type Handlers = Record<string, JobHandler>;

const example = "export default { 'reserve-stock': async (job) => ({ inStock: true }) }";

export async function loadHandlers(path: string, typescript: boolean): Promise<Handlers> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new CliFailure(
      'handlers-not-found',
      `cannot load handlers from '${path}': no such file`,
      'give the path of a .js or .ts module',
    );
  }
  if (/\.[cm]?tsx?$/.test(absolute) && !typescript) {
    const { register } = await import('tsx/esm/api');
    register();
  }
  let loaded: { default?: unknown };
  try {
    loaded = (await import(pathToFileURL(absolute).href)) as { default?: unknown };
  } catch (error) {
    throw new CliFailure(
      'handlers-unloadable',
      `cannot load handlers from '${path}': ${(error as Error).message}`,
      'fix the module so that node can import it',
    );
  }
  const handlers = loaded.default;
  const bad =
    handlers === null || typeof handlers !== 'object' || Array.isArray(handlers)
      ? 'its default export is not an object'
      : Object.entries(handlers).find(([, h]) => typeof h !== 'function')?.[0];
  if (bad !== undefined) {
    const reason = bad === 'its default export is not an object' ? bad : `handler '${bad}' is not a function`;
    throw new CliFailure(
      'handlers-invalid',
      `'${path}' does not export job handlers: ${reason}`,
      `export an object of job type to function, e.g. ${example}`,
    );
  }
  return handlers as Handlers;
}

export interface Example {
  readonly name: string;
  readonly models: string[];
  readonly handlers?: string;
}

/** examples/<name>/ with its *.bpmn files and, when present, handlers.ts. */
export function findExamples(): Example[] {
  const root = fileURLToPath(new URL('../../examples/', import.meta.url));
  if (!existsSync(root)) {
    throw new CliFailure(
      'examples-missing',
      `--demo needs the examples folder, which is not at '${root}'`,
      'run the demo from a source checkout of Sluice',
    );
  }
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(root, entry.name);
      const models = readdirSync(dir)
        .filter((file) => file.endsWith('.bpmn'))
        .map((file) => join(dir, file));
      const handlers = join(dir, 'handlers.ts');
      return { name: basename(dir), models, ...(existsSync(handlers) && { handlers }) };
    })
    .filter((e) => e.models.length > 0);
}

/**
 * The handlers (and, with --demo, the example models) that `run` and `serve` start with: the
 * examples' handlers first, then each --handlers module, a later one replacing an earlier
 * handler of the same job type (with a warning through `warn`).
 */
export async function gatherHandlers(
  options: { readonly demo?: boolean; readonly handlers?: readonly string[] },
  typescript: boolean,
  warn: (message: string) => void,
): Promise<{ handlers: Handlers; demoModels: string[] }> {
  const handlers: Handlers = {};
  const demoModels: string[] = [];
  if (options.demo) {
    for (const example of findExamples()) {
      demoModels.push(...example.models);
      if (example.handlers) Object.assign(handlers, await loadHandlers(example.handlers, typescript));
    }
  }
  for (const module of options.handlers ?? []) {
    const loaded = await loadHandlers(module, typescript);
    for (const type of Object.keys(loaded).filter((t) => t in handlers)) {
      warn(`warning: '${module}' replaces the handler for job type '${type}'`);
    }
    Object.assign(handlers, loaded);
  }
  return { handlers, demoModels };
}
