/**
 * vitest's asymmetric matchers are typed `any`, which the lint rules rightly refuse inside
 * object literals; these wrappers give each the type of the value it stands for.
 */
import { expect } from 'vitest';

export const containing = (text: string): string => expect.stringContaining(text) as string;
export const matching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;
export const anyNumber = (): number => expect.any(Number) as number;
export const anyString = (): string => expect.any(String) as string;
export const like = <T extends object>(partial: T): T => expect.objectContaining<unknown>(partial) as T;
export const including = <T>(items: T[]): T[] => expect.arrayContaining<unknown>(items) as T[];
