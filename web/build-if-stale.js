// Builds the web app (web/ → web/dist) when any of its sources is newer than the last build,
// so `npm start` serves an up-to-date app without a separate build step, and costs nothing
// when nothing changed. `node web/build-if-stale.js --force` always builds.
/* global process, console, URL */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('.', import.meta.url));
const built = join(web, 'dist', 'index.html');

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const builtAt = (() => {
  try {
    return statSync(built).mtimeMs;
  } catch {
    return -1;
  }
})();
const sources = ['src', 'index.html', 'vite.config.ts', 'tsconfig.json'].map((p) => join(web, p));
const changedAt = Math.max(...sources.map(newest));

if (process.argv.includes('--force') || changedAt > builtAt) {
  const { build } = await import('vite');
  await build({ root: web, configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
  console.error(`built the web app into ${join(web, 'dist')}`);
}
