/**
 * `sluice serve`: one process with the HTTP API, the job executor, the timer scheduler and
 * the inbox, on the embedded database unless told otherwise. Logs are pino JSON on stdout.
 * When no admin exists, a one-time set-up token is printed on stderr (never an open set-up
 * page). SIGINT or SIGTERM stops gracefully: no new connections, live streams end, requests
 * in flight finish, then the engine finishes its work and the store is closed.
 */
import type { Command } from 'commander';
import { connectorSettings } from '../connect/connector-settings.js';
import { action, type CliRun } from './command-context.js';
import { gatherHandlers } from './load-handlers.js';
import { openSluice } from './open-sluice.js';
import { collect, wholeNumber } from './option-values.js';
import { readModelFiles } from './read-files.js';

interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly handlers?: string[];
  readonly demo?: boolean;
  readonly allowOrigin?: string[];
  readonly trustProxy?: boolean;
  readonly pollMs: number;
  readonly outboundAllow?: string[];
  readonly outboundAllowPrivate?: boolean;
  readonly smtpFrom?: string;
  readonly webhookSecrets?: string;
}

export function registerServe(program: Command, run: CliRun): void {
  program
    .command('serve')
    .description('serve the HTTP API and run jobs, timers and deliveries until Ctrl+C (SIGINT) or SIGTERM')
    .option(
      '--port <port>',
      'TCP port (0 picks a free one)',
      wholeNumber(0),
      Number(process.env.SLUICE_PORT ?? 8080),
    )
    .option(
      '--host <host>',
      'interface to listen on (0.0.0.0 for every one)',
      process.env.SLUICE_HOST ?? '127.0.0.1',
    )
    .option(
      '--handlers <module>',
      'a .js or .ts module whose default export maps job types to handlers (repeatable)',
      collect,
    )
    .option('--demo', 'deploy the examples (examples/*/*.bpmn) and register their handlers')
    .option(
      '--allow-origin <origin>',
      'another origin a browser may send state-changing requests from (repeatable)',
      collect,
    )
    .option('--trust-proxy', 'trust X-Forwarded-For/-Proto/-Host (only behind a proxy that sets them)')
    .option('--poll-ms <ms>', 'how often to look for work other processes created', wholeNumber(10), 1000)
    .option(
      '--outbound-allow <address>',
      'an address or CIDR range connectors may reach although private or loopback (repeatable; env SLUICE_OUTBOUND_ALLOW, comma-separated)',
      collect,
    )
    .option(
      '--outbound-allow-private',
      'let connectors reach every private address (trusted networks only; env SLUICE_OUTBOUND_ALLOW_PRIVATE=true)',
    )
    .option(
      '--smtp-from <address>',
      'sender of sluice:email mails; the server is env SLUICE_SMTP_URL=smtp://user:pass@host:587 (env SLUICE_SMTP_FROM)',
    )
    .option(
      '--webhook-secrets <file>',
      'JSON file {"name": "secret"} that sluice:webhook tasks sign with (env SLUICE_WEBHOOK_SECRETS_FILE)',
    )
    .action(
      action<[], ServeOptions>(run, async ({ out, db, options }) => {
        const { handlers, demoModels } = await gatherHandlers(options, run.typescript, (m) => out.note(m));

        const { default: pino } = await import('pino');
        const logger = pino({ level: process.env.SLUICE_LOG_LEVEL ?? 'info' }, pino.destination(1));
        const { createServer, listen } = await import('../server/index.js');
        // The engine asks whom a user's groups are when it judges who may work on a task;
        // the server's directory answers, once it exists.
        let groupsOf: (user: string) => Promise<readonly string[]> = () => Promise.resolve([]);
        const sluice = await openSluice(db, {
          handlers,
          logger,
          pollMs: options.pollMs,
          groupsOf: (user) => groupsOf(user),
          connectors: connectorSettings(options, process.env),
        });
        let server: Awaited<ReturnType<typeof createServer>> | undefined;
        try {
          server = await createServer({
            sluice,
            logger,
            allowedOrigins: options.allowOrigin ?? [],
            trustProxy: options.trustProxy === true,
          });
          const { identity } = server.services;
          groupsOf = async (user) => (await identity.userByName(user))?.groups ?? [];
          if (demoModels.length > 0) {
            const { deployed } = await sluice.deploy(await readModelFiles(demoModels));
            for (const d of deployed)
              out.note(`${d.created ? 'deployed' : 'already deployed'} ${d.processId} version ${d.version}`);
          }
          const stopped = waitForSignal();
          sluice.run();
          const listening = await listen(server.app, { port: options.port, host: options.host }, () =>
            server?.close(),
          );
          out.note(
            `sluice serves ${listening.url} (API at ${listening.url}/api/v1, OpenAPI at ${listening.url}/api/v1/openapi.json) on ${db}; Ctrl+C stops`,
          );
          if (server.setupToken !== undefined) {
            logger.warn('no admin exists yet: the one-time set-up token is printed on stderr');
            out.note(
              [
                'No admin exists yet. Create the first one, either:',
                `  sluice admin create --user <name> --password-stdin --db ${db}`,
                `  curl -X POST ${listening.url}/api/v1/setup -H 'content-type: application/json' \\`,
                `    -d '{"token":"${server.setupToken}","username":"<name>","password":"<at least 10 characters>"}'`,
                'The token works once, for 24 hours, in this process only.',
              ].join('\n'),
            );
          }
          const signal = await stopped;
          out.note(`${signal}: finishing requests and work in progress, then stopping`);
          await listening.close();
        } finally {
          server?.close();
          await sluice.close();
        }
        out.note('stopped');
      }),
    );
}

/** The first SIGINT or SIGTERM stops gracefully; the listeners go, so a second one stops at once. */
function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
