/**
 * `sluice run`: the job executor, timer scheduler and inbox in the foreground until SIGINT or
 * SIGTERM, then a graceful stop: work in progress finishes and commits, the store is closed.
 * Each committed history event is printed (a JSON line each with --json), so a terminal shows
 * the process moving.
 */
import type { Command } from 'commander';
import type { HistoryEvent } from '../core/types.js';
import { action, type CliRun } from './command-context.js';
import { gatherHandlers } from './load-handlers.js';
import { openSluice } from './open-sluice.js';
import { collect, wholeNumber } from './option-values.js';
import type { Output } from './output.js';
import { readModelFiles } from './read-files.js';

interface RunOptions {
  readonly handlers?: string[];
  readonly demo?: boolean;
  readonly pollMs: number;
  readonly concurrency: number;
}

export function registerRun(program: Command, run: CliRun): void {
  program
    .command('run')
    .description('run jobs, timers and deliveries in the foreground until Ctrl+C (SIGINT) or SIGTERM')
    .option(
      '--handlers <module>',
      'a .js or .ts module whose default export maps job types to handlers (repeatable)',
      collect,
    )
    .option('--demo', 'deploy the examples (examples/*/*.bpmn) and register their handlers')
    .option('--poll-ms <ms>', 'how often to look for work other processes created', wholeNumber(10), 1000)
    .option('--concurrency <n>', 'jobs run at once', wholeNumber(1), 64)
    .action(
      action<[], RunOptions>(run, async ({ out, db, options }) => {
        const { handlers, demoModels } = await gatherHandlers(options, run.typescript, (m) => out.note(m));
        const { default: pino } = await import('pino');
        const logger = pino(
          { level: process.env.SLUICE_LOG_LEVEL ?? 'info', base: null },
          pino.destination(2),
        );
        const sluice = await openSluice(db, {
          handlers,
          logger,
          pollMs: options.pollMs,
          executor: { concurrency: options.concurrency },
        });
        try {
          if (demoModels.length > 0) {
            const { deployed } = await sluice.deploy(await readModelFiles(demoModels));
            for (const d of deployed)
              out.note(`${d.created ? 'deployed' : 'already deployed'} ${d.processId} version ${d.version}`);
          }
          const stopped = waitForSignal();
          sluice.onEvents((events) => events.forEach((event) => printEvent(out, event)));
          sluice.run();
          const types = Object.keys(handlers);
          out.note(
            `sluice is running on ${db}; job types: ${types.length > 0 ? types.join(', ') : 'none (timers and messages only)'}; Ctrl+C stops`,
          );
          const signal = await stopped;
          out.note(`${signal}: finishing work in progress, then stopping`);
        } finally {
          await sluice.close();
        }
        out.note('stopped');
      }),
    );
}

/** The first SIGINT or SIGTERM stops gracefully; the listeners go, so a second one stops at once. */
function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    // The engine's timers are unref'd so that an embedding app can exit; here the process must
    // stay up until told otherwise.
    const keepAlive = setInterval(() => {}, 2 ** 30);
    const stop = (signal: NodeJS.Signals): void => {
      clearInterval(keepAlive);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function printEvent(out: Output, event: HistoryEvent): void {
  if (out.json) {
    out.jsonLine({
      instanceId: event.instanceId,
      processId: event.processId,
      type: event.type,
      elementId: event.elementId ?? null,
      at: new Date(event.at).toISOString(),
      actor: event.actor ?? null,
    });
    return;
  }
  if (event.type === 'variables.changed') return;
  const time = new Date(event.at).toISOString().slice(11, 19);
  const element = event.elementId ? ` ${event.elementId}` : '';
  const actor = event.actor ? ` by ${event.actor}` : '';
  out.line(`${time} ${event.processId} ${event.instanceId} ${event.type}${element}${actor}`);
}
