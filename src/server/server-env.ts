/**
 * What every request handler can reach: the services of this server (one set per server,
 * passed in, never global) and what the middleware learned about the request.
 */
import type { Logger as PinoLogger } from 'pino';
import type { Clock } from '../engine/clock.js';
import type { Sluice } from '../engine/engine.js';
import type { Principal } from './access/principal.js';
import type { Tenancy } from './access/tenancy.js';
import type { IdentityStore } from './auth/identity-store.js';
import type { Sessions } from './auth/sessions.js';
import type { SetupToken } from './auth/setup-token.js';
import type { SignInLimiter } from './auth/sign-in-limiter.js';
import type { ExternalJobs } from './jobs/external-jobs.js';
import type { LiveEvents } from './live/live-events.js';
import type { EngineMetrics } from './metrics/engine-metrics.js';

export interface ServerLimits {
  /** Largest JSON request body, in bytes. */
  readonly jsonBytes: number;
  /** Largest deployment upload (all files together), in bytes. */
  readonly uploadBytes: number;
  /** Most files in one deployment. */
  readonly uploadFiles: number;
  /** Live event streams open at once per principal. */
  readonly streamsPerPrincipal: number;
}

export const defaultLimits: ServerLimits = {
  jsonBytes: 1024 * 1024,
  uploadBytes: 5 * 1024 * 1024,
  uploadFiles: 20,
  streamsPerPrincipal: 8,
};

export interface ServerConfig {
  readonly limits: ServerLimits;
  /** Mark cookies Secure. Default: when the request came over https. */
  readonly secureCookies?: boolean;
  /** Origins besides the server's own from which a browser may send state-changing requests. */
  readonly allowedOrigins: readonly string[];
  /** Trust X-Forwarded-For / X-Forwarded-Proto (only behind a proxy that sets them). */
  readonly trustProxy: boolean;
}

export interface ServerServices {
  readonly sluice: Sluice;
  readonly clock: Clock;
  readonly logger: PinoLogger;
  readonly identity: IdentityStore;
  readonly sessions: Sessions;
  readonly setup: SetupToken;
  readonly signInLimiter: SignInLimiter;
  readonly tenancy: Tenancy;
  readonly jobs: ExternalJobs;
  readonly live: LiveEvents;
  readonly metrics: EngineMetrics;
  readonly config: ServerConfig;
  /** Resolves when the database answers; rejects when it does not (readiness). */
  readonly ping: () => Promise<void>;
}

export interface ServerEnv {
  Variables: {
    services: ServerServices;
    principal: Principal | undefined;
    /** A session cookie came without its CSRF token on a state-changing request. */
    csrfRefused: boolean;
    requestId: string;
    /** The object a route's access rule loaded and checked (a task, an instance ...). */
    object: unknown;
  };
}
