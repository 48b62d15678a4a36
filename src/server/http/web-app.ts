/**
 * Serves the built web app (web/dist) at `/`: its files as they are, and index.html for any
 * other page path the browser asks for (the app routes on the client). It answers before the
 * API's guards and never for the API's paths (`/api/...`, `/health`, `/ready`, `/metrics`),
 * so an unknown API route stays a problem+json 404. Its pages get their own security headers:
 * scripts, styles, fonts and images from this origin only (styles may be inline: bpmn-js and
 * form-js set style attributes), data: images and fonts (bpmn-js's icon font), and requests to
 * this origin only (the API and its event stream). When web/dist is missing, it steps aside.
 */
import type { MiddlewareHandler } from 'hono';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** web/dist beside src/ or dist/: this file is src/server/http/ or dist/server/http/. */
export const defaultWebRoot = fileURLToPath(new URL('../../../web/dist', import.meta.url));

const apiPaths = /^\/(api(\/|$)|health$|ready$|metrics$)/;

const mediaTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.eot': 'application/vnd.ms-fontobject',
  '.json': 'application/json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

export const webContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const pageHeaders = {
  'Content-Security-Policy': webContentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
} as const;

export function webApp(root: string = defaultWebRoot): MiddlewareHandler {
  const index = join(root, 'index.html');
  return async (c, next) => {
    if (
      (c.req.method !== 'GET' && c.req.method !== 'HEAD') ||
      apiPaths.test(c.req.path) ||
      !existsSync(index)
    )
      return next();
    const file = await fileFor(root, c.req.path);
    const wantsPage = (c.req.header('accept') ?? '').includes('text/html');
    if (!file && !wantsPage) return next();
    const path = file ?? index;
    // Built assets carry a content hash in their names and never change; the page must be fresh.
    const immutable = file !== undefined && c.req.path.startsWith('/assets/');
    const headers = {
      ...pageHeaders,
      'Content-Type': mediaTypes[extname(path)] ?? 'application/octet-stream',
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(new Uint8Array(await readFile(path)), 200, headers);
  };
}

/** The file under root the path names, never one outside it. */
async function fileFor(root: string, path: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const candidate = normalize(join(root, decoded));
  if (!candidate.startsWith(root + sep)) return undefined;
  const info = await stat(candidate).catch(() => undefined);
  return info?.isFile() ? candidate : undefined;
}
