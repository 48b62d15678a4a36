/** Parsers for option values; a bad value is a usage error (exit 2) that names the option. */
import { InvalidArgumentError } from 'commander';

/** For repeatable options: `--var a=1 --var b=2` → ['a=1', 'b=2']. */
export const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, value];

/** A whole number of at least `min`. */
export const wholeNumber =
  (min: number) =>
  (value: string): number => {
    const parsed = Number(value);
    if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min) {
      throw new InvalidArgumentError(`expected a whole number of at least ${min}`);
    }
    return parsed;
  };

/** One of the listed words. */
export const oneOf =
  <T extends string>(choices: readonly T[]) =>
  (value: string): T => {
    if (!(choices as readonly string[]).includes(value))
      throw new InvalidArgumentError(`expected one of ${choices.join(', ')}`);
    return value as T;
  };
