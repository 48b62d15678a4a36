/**
 * Job handlers for the order-fulfilment example: `sluice run --handlers <this file>`.
 *
 * They stand in for the warehouse and the carrier. Jobs run at least once, so each handler is
 * safe to repeat: a second reservation for the same order returns the first one, and the
 * tracking number follows from the order id.
 */
import type { JobHandler } from '../../src/index.js';

interface OrderLine {
  readonly sku: string;
  readonly quantity: number;
}

/** What is on the shelf when the demo starts. */
const shelf = new Map<string, number>([
  ['KETTLE-01', 12],
  ['MUG-03', 40],
  ['TEAPOT-02', 0],
]);

const reservations = new Map<string, { inStock: boolean; missing: string[] }>();

function orderLines(items: unknown): OrderLine[] {
  const valid =
    Array.isArray(items) &&
    items.length > 0 &&
    items.every(
      (line: { sku?: unknown; quantity?: unknown }) =>
        typeof line?.sku === 'string' && Number.isInteger(line.quantity) && (line.quantity as number) > 0,
    );
  if (!valid) {
    // Thrown errors are retried, then raised as an incident: fix the data, then `sluice retry`.
    throw new Error('the order needs items: [{"sku": "KETTLE-01", "quantity": 1}, ...]');
  }
  return items as OrderLine[];
}

/** Reserves every line, or none: an order with a missing line waits for a backorder decision. */
const reserveStock: JobHandler = ({ variables }) => {
  const orderId = typeof variables.orderId === 'string' ? variables.orderId : '';
  if (orderId === '') throw new Error('the order needs an orderId variable');
  const earlier = reservations.get(orderId);
  if (earlier) return earlier;
  const lines = orderLines(variables.items);
  const missing = lines.filter((line) => (shelf.get(line.sku) ?? 0) < line.quantity).map((line) => line.sku);
  if (missing.length === 0) {
    for (const line of lines) shelf.set(line.sku, (shelf.get(line.sku) ?? 0) - line.quantity);
  }
  const result = { inStock: missing.length === 0, missing };
  reservations.set(orderId, result);
  return result;
};

/** Books the parcel with the carrier named in the task header. */
const shipOrder: JobHandler = ({ variables, headers }) => {
  const carrier = headers.carrier ?? 'in-house';
  const orderId = String(variables.orderId);
  return {
    carrier,
    trackingNumber: `${carrier
      .replace(/[^A-Za-z]/g, '')
      .slice(0, 3)
      .toUpperCase()}-${orderId}`,
    shippedAt: new Date().toISOString(),
  };
};

export default {
  'reserve-stock': reserveStock,
  'ship-order': shipOrder,
} satisfies Record<string, JobHandler>;
