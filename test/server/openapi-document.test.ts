/**
 * The OpenAPI document is the contract: it must be well-formed OpenAPI 3.1, describe exactly
 * the routes the server answers, and say for each how to authenticate and who may call it.
 * (That every documented answer is given as documented is checked route by route in the
 * authorization matrix, which validates every answer it gets against this document.)
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- answers are JSON documents read field by field */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes } from '../../src/server/routes/all-routes.js';
import { type Harness, type Json, serverHarness } from './server-harness.js';

let h: Harness;
let doc: Json;

beforeAll(async () => {
  h = await serverHarness();
  doc = (await h.request('GET', '/api/v1/openapi.json')).body;
});
afterAll(() => h.close());

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function operations(): { path: string; method: string; operation: Json }[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Json>)
      .filter(([method]) => methods.includes(method))
      .map(([method, operation]) => ({ path, method, operation })),
  );
}

/** Every `$ref` in the document, with where it was found. */
function refs(node: unknown, at = '#'): { at: string; ref: string }[] {
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [{ at, ref: value }] : refs(value, `${at}/${key}`),
  );
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with a title, a version and the security schemes it names', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(typeof doc.info.title).toBe('string');
    expect(typeof doc.info.version).toBe('string');
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['apiKey', 'session']);
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.session).toMatchObject({ type: 'apiKey', in: 'cookie' });
  });

  it('has paths that begin with a slash, and every $ref points at a component that exists', () => {
    for (const path of Object.keys(doc.paths)) expect(path.startsWith('/')).toBe(true);
    const found = refs(doc);
    expect(found.length).toBeGreaterThan(10);
    for (const { at, ref } of found) {
      expect(ref, at).toMatch(/^#\/components\/(schemas|parameters|responses|securitySchemes)\//);
      const [, , kind, name] = ref.split('/');
      expect(doc.components[kind!]?.[name!], `${at} → ${ref}`).toBeDefined();
    }
  });

  it('gives every operation a unique id, a summary, a tag it declares, a success answer and problem answers', () => {
    const tags = new Set((doc.tags as { name: string }[]).map((t) => t.name));
    const ids = new Set<string>();
    for (const { path, method, operation } of operations()) {
      const where = `${method} ${path}`;
      expect(typeof operation.operationId, where).toBe('string');
      expect(ids.has(operation.operationId), `${where}: duplicate operationId`).toBe(false);
      ids.add(operation.operationId);
      expect(operation.summary, where).toBeTruthy();
      for (const tag of operation.tags ?? []) expect(tags.has(tag), `${where}: tag ${tag}`).toBe(true);
      const statuses = Object.keys(operation.responses);
      expect(
        statuses.some((s) => s.startsWith('2')),
        `${where}: a 2xx answer`,
      ).toBe(true);
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        expect(Object.keys(operation.responses[status].content), `${where} ${status}`).toEqual([
          'application/problem+json',
        ]);
      }
      expect(operation.responses['500'], `${where}: 500`).toBeDefined();
    }
  });

  it('declares every path parameter of a template as a required path parameter, and no other', () => {
    for (const { path, method, operation } of operations()) {
      const inTemplate = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const declared = ((operation.parameters ?? []) as { in: string; name: string; required: boolean }[])
        .filter((p) => p.in === 'path')
        .map((p) => {
          expect(p.required, `${method} ${path}: ${p.name}`).toBe(true);
          return p.name;
        })
        .sort();
      expect(declared, `${method} ${path}`).toEqual(inTemplate);
    }
  });

  it('states for each operation how to authenticate and the access rule, and asks no credential of public ones', () => {
    for (const { path, method, operation } of operations()) {
      const access = operation['x-sluice-access'];
      expect(access, `${method} ${path}`).toBeDefined();
      if (access.roles === 'public') {
        expect(operation.security, `${method} ${path}`).toEqual([]);
        expect(access.why, `${method} ${path}: why it is public`).toBeTruthy();
      } else {
        expect(operation.security).toEqual([{ session: [] }, { apiKey: [] }]);
        expect(operation.responses['401']).toBeDefined();
        expect(operation.responses['403']).toBeDefined();
      }
      if (access.object) expect(operation.responses['404'], `${method} ${path}`).toBeDefined();
    }
  });

  it('describes exactly the routes the server answers, and nothing of its internals', () => {
    const documented = operations()
      .map(({ path, method }) => `${method.toUpperCase()} ${path}`)
      .sort();
    const answered = h.server.app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
      .sort();
    expect([...new Set(answered)]).toEqual(documented);
    const defined = Object.values(allRoutes)
      .map((r) => `${r.method.toUpperCase()} ${r.path}`)
      .sort();
    expect(defined).toEqual(documented);
    for (const { operation } of operations()) {
      expect(operation.middleware).toBeUndefined();
      expect(operation.access).toBeUndefined();
    }
  });

  it('is the document docs/api.md describes: the docs name every route', () => {
    const docs = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    const missing = operations()
      .map(({ path, method }) => `${method.toUpperCase()} ${path}`)
      .filter((route) => !docs.includes(route));
    expect(missing).toEqual([]);
  });
});
