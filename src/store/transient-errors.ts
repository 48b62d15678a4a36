/**
 * Which database failures say nothing about the work itself. The engine's loops keep such work
 * and try it again later instead of rejecting it; SQLite's only such failure is a busy timeout.
 */
const transientCodes = new Set([
  'SQLITE_BUSY',
  '40001',
  '40P01',
  '53300',
  '55P03',
  '57P01',
  '57P02',
  '57P03',
]);
const transientNodeCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * A failure that says nothing about the work itself: the connection broke, the server is
 * restarting, or the transaction lost a deadlock or serialization race. Retrying the same work
 * later is right; rejecting it is not.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code.startsWith('08') || transientCodes.has(code))) return true;
  if (typeof code === 'string' && transientNodeCodes.has(code)) return true;
  return /Connection terminated|connection error|timeout exceeded when trying to connect|Query read timeout|Client was closed|not queryable/i.test(
    error.message,
  );
}

/** Lost a deadlock or serialization race: the whole transaction may simply run again. */
export const isRaceLost = (error: unknown): boolean =>
  error instanceof Error && ['40001', '40P01'].includes(String((error as { code?: unknown }).code));
