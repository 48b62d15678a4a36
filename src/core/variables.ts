/**
 * Variable scopes. A token sees the variables of its scope chain (process, then each enclosing
 * subprocess) plus the locals of the activity it is in; inner names shadow outer ones. Writes
 * go to the nearest scope that already defines the name, else to the process scope, as in
 * Camunda 8, so a subprocess keeps its input-mapped locals to itself.
 */
import type { Mapping } from '../model/graph.js';
import { evaluateFeel } from '../expr/feel.js';
import type { InstanceState, Scope, Token, Variables } from './types.js';

export function scopeChain(state: InstanceState, scopeId: string): Scope[] {
  const chain: Scope[] = [];
  let scope: Scope | undefined = state.scopes[scopeId];
  while (scope) {
    chain.push(scope);
    scope = scope.parentId === undefined ? undefined : state.scopes[scope.parentId];
  }
  return chain;
}

/** The variables visible at a token, as one object (outer scopes first, locals last). */
export function visibleVariables(state: InstanceState, token: Token, extra?: Variables): Variables {
  const chain = scopeChain(state, token.scopeId);
  if (chain.length === 1 && !token.locals && !extra) return chain[0]!.vars;
  const merged: Variables = {};
  for (let i = chain.length - 1; i >= 0; i--) Object.assign(merged, chain[i]!.vars);
  if (token.locals) Object.assign(merged, token.locals);
  if (extra) Object.assign(merged, extra);
  return merged;
}

/** Sets `path` (dots address nested contexts) in `target`, copying nested objects it changes. */
export function assignPath(target: Variables, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i]!;
    const next = node[key];
    const copy: Variables =
      next !== null && typeof next === 'object' && !Array.isArray(next) ? { ...(next as Variables) } : {};
    node[key] = copy;
    node = copy;
  }
  node[keys[keys.length - 1]!] = value;
}

/** Writes each variable to the nearest scope that defines it, else to the process scope. */
export function propagateVariables(state: InstanceState, scopeId: string, variables: Variables): void {
  const chain = scopeChain(state, scopeId);
  const root = chain[chain.length - 1]!;
  for (const [name, value] of Object.entries(variables)) {
    const head = name.split('.')[0]!;
    const owner = chain.find((scope) => head in scope.vars) ?? root;
    assignPath(owner.vars, name, value);
  }
}

/** Evaluates mappings against `context`; each result goes to its target path. */
export function applyMappings(mappings: readonly Mapping[], context: Variables): Variables {
  const result: Variables = {};
  for (const mapping of mappings) {
    assignPath(result, mapping.target, evaluateFeel(mapping.source, context).value);
  }
  return result;
}
