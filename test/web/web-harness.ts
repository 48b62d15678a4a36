/**
 * What the web app's end-to-end tests stand on: the app built once per run, a real
 * `sluice serve` on a free port with a fresh database, and Debian's chromium driven by
 * playwright-core, headless, with a fresh profile. Under CI=true a missing chromium fails the
 * run; elsewhere the suite is skipped with a note that says why.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const chromiumPath = process.env.SLUICE_CHROMIUM ?? '/usr/bin/chromium';
export const screenshots = join(repo, 'test/web/screenshots');

/** True when the suite can run; throws under CI when chromium is missing, so it is never skipped there. */
export function browserAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI === 'true')
    throw new Error(
      `chromium is missing at ${chromiumPath}: install it (apt-get install -y chromium), as .ci/run does`,
    );
  console.warn(
    `test/web skipped: no chromium at ${chromiumPath} (apt-get install -y chromium, or set SLUICE_CHROMIUM)`,
  );
  return false;
}

export function buildWebApp(): void {
  execFileSync(process.execPath, [join(repo, 'web/build-if-stale.js')], {
    cwd: repo,
    stdio: 'inherit',
    timeout: 180_000,
  });
}

export interface Served {
  readonly url: string;
  readonly setupToken: string;
  stop(): Promise<void>;
}

/** `sluice serve` on a fresh database; resolves with its address and the printed set-up token. */
export function serve(): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-web-'));
  const env: NodeJS.ProcessEnv = { ...process.env, SLUICE_LOG_LEVEL: 'warn' };
  delete env.SLUICE_DB;
  const child: ChildProcess = spawn(
    process.execPath,
    [join(repo, 'bin/sluice.js'), 'serve', '--port', '0', '--db', join(dir, 'sluice.db'), '--poll-ms', '200'],
    { cwd: repo, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sluice serve did not start: ${stderr}`)), 40_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /sluice serves (http:\/\/\S+)/.exec(stderr)?.[1];
      const setupToken = /"token":"(st_[^"]+)"/.exec(stderr)?.[1];
      if (url && setupToken) {
        clearTimeout(timer);
        resolve({ url, setupToken, stop });
      }
    });
    child.once('exit', (code) => reject(new Error(`sluice serve exited with ${code}: ${stderr}`)));
  });
}

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Problems the page reported: console errors, failed scripts, CSP refusals. */
  readonly problems: string[];
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openBrowser(baseURL: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'sluice-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    baseURL,
    viewport: { width: 1280, height: 860 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  mkdirSync(screenshots, { recursive: true });
  return {
    context,
    page,
    problems,
    shot: async (name) => {
      await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
