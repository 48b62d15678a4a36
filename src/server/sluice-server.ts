/**
 * The composition root of the server: given an engine, it migrates the server's tables,
 * wires the services and builds the app. `listen` puts the app on a socket and closes it
 * gracefully: no new connections, live streams and long polls end, requests in flight finish
 * (up to a deadline), and only then does the caller stop the engine.
 */
import { type ServerType, serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino, { type Logger as PinoLogger } from 'pino';
import type { Sluice } from '../engine/engine.js';
import { Tenancy } from './access/tenancy.js';
import { IdentityStore } from './auth/identity-store.js';
import { defaultCost, type ScryptCost } from './auth/password-hash.js';
import { migrateServerTables, pingDatabase, serverDatabase } from './auth/server-migrations.js';
import { Sessions } from './auth/sessions.js';
import { SetupToken } from './auth/setup-token.js';
import { defaultLimits as signInLimits, type LimiterOptions, SignInLimiter } from './auth/sign-in-limiter.js';
import { ExternalJobs } from './jobs/external-jobs.js';
import { EngineEvents } from './live/engine-events.js';
import { LiveEvents } from './live/live-events.js';
import { EngineMetrics, storeCounts } from './metrics/engine-metrics.js';
import { type BuiltApp, createServerApp, type ServerApp } from './server-app.js';
import { defaultLimits, type ServerConfig, type ServerLimits, type ServerServices } from './server-env.js';

export interface ServerOptions {
  readonly sluice: Sluice;
  /** Default: pino at info on stdout. */
  readonly logger?: PinoLogger;
  readonly limits?: Partial<ServerLimits>;
  readonly secureCookies?: boolean;
  readonly allowedOrigins?: readonly string[];
  readonly trustProxy?: boolean;
  /** Password hashing cost; tests lower it. */
  readonly scryptCost?: ScryptCost;
  readonly sessionLifetimeMs?: number;
  readonly signInLimits?: LimiterOptions;
}

export interface SluiceServer extends BuiltApp {
  readonly services: ServerServices;
  /** The one-time set-up token, when no admin existed at start. */
  readonly setupToken?: string;
  /** Ends live streams and long polls and unsubscribes from the engine; the engine stays open. */
  close(): void;
}

export async function createServer(options: ServerOptions): Promise<SluiceServer> {
  const { sluice } = options;
  const logger = options.logger ?? pino({ level: process.env.SLUICE_LOG_LEVEL ?? 'info' });
  const onError = (error: unknown): void => logger.error({ err: error }, 'server background work failed');
  const db = serverDatabase(sluice.store);
  await migrateServerTables(db);
  const clock = sluice.clock;
  const config: ServerConfig = {
    limits: { ...defaultLimits, ...options.limits },
    ...(options.secureCookies !== undefined && { secureCookies: options.secureCookies }),
    allowedOrigins: options.allowedOrigins ?? [],
    trustProxy: options.trustProxy ?? false,
  };
  const events = new EngineEvents(sluice, onError);
  const tenancy = new Tenancy(db, clock);
  const identity = new IdentityStore(db, clock, options.scryptCost ?? defaultCost);
  const live = new LiveEvents(sluice.store, tenancy, events, onError);
  const jobs = new ExternalJobs(sluice, clock, tenancy, events);
  const metrics = new EngineMetrics(events, storeCounts(sluice.store), () => live.size);
  const setup = new SetupToken(clock);
  const services: ServerServices = {
    sluice,
    clock,
    logger,
    identity,
    sessions: new Sessions(db, clock, options.sessionLifetimeMs ?? 12 * 3600_000),
    setup,
    signInLimiter: new SignInLimiter(clock, options.signInLimits ?? signInLimits),
    tenancy,
    jobs,
    live,
    metrics,
    config,
    ping: () => pingDatabase(db),
  };
  await services.sessions.purgeExpired();
  const setupToken = (await identity.hasAdmin()) ? undefined : setup.issue();
  const built = createServerApp(services);
  return {
    ...built,
    services,
    ...(setupToken !== undefined && { setupToken }),
    close() {
      setup.revoke();
      live.close();
      jobs.close();
      metrics.close();
      events.close();
    },
  };
}

export interface Listening {
  readonly url: string;
  readonly port: number;
  /** Stops taking connections and waits for requests in flight, at most `graceMs`. */
  close(graceMs?: number): Promise<void>;
}

export function listen(
  app: ServerApp,
  options: { port: number; host: string },
  beforeDrain?: () => void,
): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    const server: ServerType = serve(
      { fetch: app.fetch, port: options.port, hostname: options.host },
      (info: AddressInfo) => {
        (server as Server).off('error', onError);
        const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
        resolve({
          url: `http://${host}:${info.port}`,
          port: info.port,
          close: (graceMs = 10_000) => drain(server as Server, graceMs, beforeDrain),
        });
      },
    );
    const http = server as Server;
    http.once('error', onError);
    // Slow clients may not hold sockets open forever; live streams are responses, not requests.
    http.headersTimeout = 20_000;
    http.requestTimeout = 60_000;
    http.keepAliveTimeout = 5_000;
  });
}

function drain(server: Server, graceMs: number, beforeDrain?: () => void): Promise<void> {
  return new Promise((resolve) => {
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    deadline.unref();
    server.close(() => {
      clearTimeout(deadline);
      resolve();
    });
    beforeDrain?.();
    server.closeIdleConnections();
  });
}
