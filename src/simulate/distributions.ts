/**
 * Random durations and values for simulation. A distribution is data (JSON in a scenario) and
 * compiles once into a sampler: a plain function of a uniform generator, so the hot loop calls
 * one closure per draw and allocates nothing. Times are given in seconds or as ISO 8601
 * durations ('PT5M') and sampled in milliseconds.
 */
import { SluiceError } from '../engine/errors.js';
import { parseSlaDuration } from '../work/sla/sla-text.js';

/** Seconds, or an ISO 8601 duration without months or years. */
export type TimeValue = number | string;

export type Distribution =
  | { readonly kind: 'fixed'; readonly value: TimeValue }
  | { readonly kind: 'exponential'; readonly mean: TimeValue }
  | { readonly kind: 'normal'; readonly mean: TimeValue; readonly sd: TimeValue }
  | { readonly kind: 'lognormal'; readonly mean: TimeValue; readonly sd: TimeValue }
  | { readonly kind: 'uniform'; readonly min: TimeValue; readonly max: TimeValue }
  | {
      readonly kind: 'empirical';
      readonly values: readonly TimeValue[];
      readonly weights?: readonly number[];
    };

export const distributionKinds = [
  'fixed',
  'exponential',
  'normal',
  'lognormal',
  'uniform',
  'empirical',
] as const satisfies readonly Distribution['kind'][];

/** Uniform in [0, 1). */
export type Uniform = () => number;
/** Draws one value; durations never come out negative. */
export type Sampler = (random: Uniform) => number;

/** A time value in milliseconds; `where` names the scenario field for the error. */
export function timeMs(value: TimeValue, where: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0)
      throw invalid(`${where} is ${value}; a time must be a number of seconds ≥ 0`, where);
    return value * 1000;
  }
  if (/^\s*P(T0+S?)?\s*$/.test(value) || value.trim() === 'PT0S') return 0;
  const parsed = parseSlaDuration(value, 'calendar');
  if ('problem' in parsed) throw invalid(`${where}: ${parsed.problem}`, where);
  return parsed.value;
}

const invalid = (message: string, where: string): SluiceError =>
  new SluiceError(
    'invalid',
    'scenario-invalid',
    message,
    `fix '${where}' in the scenario; times are seconds (300) or ISO 8601 durations ('PT5M')`,
  );

/** Compiles a distribution of times into a sampler of milliseconds. */
export const timeSampler = (d: Distribution, where: string): Sampler => sampler(d, where, timeMs);

/** Compiles a distribution of plain numbers (generated case data) into a sampler. */
export const numberSampler = (d: Distribution, where: string): Sampler =>
  sampler(d, where, (v, at) => {
    if (typeof v !== 'number') throw invalid(`${at} is '${v}'; case data takes plain numbers`, at);
    return v;
  });

function sampler(d: Distribution, where: string, timeMs: (v: TimeValue, where: string) => number): Sampler {
  switch (d.kind) {
    case 'fixed': {
      const v = timeMs(d.value, `${where}.value`);
      return () => v;
    }
    case 'exponential': {
      const mean = timeMs(d.mean, `${where}.mean`);
      return (random) => -mean * Math.log(1 - random());
    }
    case 'normal': {
      const mean = timeMs(d.mean, `${where}.mean`);
      const sd = timeMs(d.sd, `${where}.sd`);
      return (random) => Math.max(0, mean + sd * gaussian(random));
    }
    case 'lognormal': {
      const { mu, sigma } = lognormalParameters(timeMs(d.mean, `${where}.mean`), timeMs(d.sd, `${where}.sd`));
      return (random) => Math.exp(mu + sigma * gaussian(random));
    }
    case 'uniform': {
      const min = timeMs(d.min, `${where}.min`);
      const span = timeMs(d.max, `${where}.max`) - min;
      if (span < 0) throw invalid(`${where}: max is below min`, where);
      return (random) => min + span * random();
    }
    case 'empirical':
      return empirical(
        d.values.map((v, i) => timeMs(v, `${where}.values[${i}]`)),
        d.weights,
        where,
      );
  }
}

/** Draws from a list of values, equally likely or by weight. */
export function empirical(
  values: readonly number[],
  weights: readonly number[] | undefined,
  where: string,
): Sampler {
  if (values.length === 0) throw invalid(`${where} has no values to draw from`, where);
  if (weights && weights.length !== values.length)
    throw invalid(`${where} has ${values.length} values but ${weights.length} weights`, where);
  const table = Float64Array.from(values);
  if (!weights) {
    const n = table.length;
    return (random) => table[Math.floor(random() * n)]!;
  }
  const cumulative = cumulate(weights, where);
  return (random) => table[pick(cumulative, random())]!;
}

/** Running sums scaled to end at 1, for `pick`. */
export function cumulate(weights: readonly number[], where: string): Float64Array {
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0) || weights.some((w) => !(w >= 0)))
    throw invalid(`${where}: weights must be ≥ 0 and not all 0`, where);
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) out[i] = (sum += weights[i]!) / total;
  out[weights.length - 1] = 1;
  return out;
}

/** The index whose cumulative share first exceeds u. */
export function pick(cumulative: Float64Array, u: number): number {
  let i = 0;
  while (u >= cumulative[i]! && i < cumulative.length - 1) i++;
  return i;
}

/** A standard normal draw (Box-Muller; one of the pair is dropped to keep samplers stateless). */
export function gaussian(random: Uniform): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** μ and σ of the underlying normal for a log-normal with this mean and standard deviation. */
export function lognormalParameters(mean: number, sd: number): { mu: number; sigma: number } {
  if (!(mean > 0)) return { mu: -Infinity, sigma: 0 };
  const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
  return { mu: Math.log(mean) - sigma2 / 2, sigma: Math.sqrt(sigma2) };
}

/** The mean of a distribution in milliseconds (for reports and utilisation estimates). */
export function meanMs(d: Distribution, where: string): number {
  switch (d.kind) {
    case 'fixed':
      return timeMs(d.value, where);
    case 'exponential':
    case 'normal':
    case 'lognormal':
      return timeMs(d.mean, where);
    case 'uniform':
      return (timeMs(d.min, where) + timeMs(d.max, where)) / 2;
    case 'empirical': {
      const values = d.values.map((v) => timeMs(v, where));
      const w = d.weights ?? values.map(() => 1);
      const total = w.reduce((a, b) => a + b, 0);
      return values.reduce((sum, v, i) => sum + v * w[i]!, 0) / total;
    }
  }
}
