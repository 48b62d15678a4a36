/**
 * Hostile input gets a 4xx with a problem document, and the server keeps serving: oversized
 * bodies, prototype keys, deep nesting, malformed and entity-laden XML, wrong media types,
 * absurd parameters. A failure of our own shows a request id, never a stack or a message.
 */
/* eslint-disable @typescript-eslint/no-unsafe-member-access -- answers are JSON documents read field by field */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bpmn } from '../support/bpmn.js';
import { type Credential, type Harness, serverHarness } from './server-harness.js';
import { workModel } from './world.js';

let h: Harness;
let admin: Credential;

beforeAll(async () => {
  h = await serverHarness();
  admin = await h.user('ada', ['admin']);
  await h.deploy('default', workModel('claims'));
});
afterAll(() => h.close());

const upload = (files: [name: string, content: string | Uint8Array][]): FormData => {
  const form = new FormData();
  for (const [name, content] of files) form.append('files', new Blob([content]), name);
  return form;
};

async function stillServing(): Promise<void> {
  expect((await h.request('GET', '/health')).status).toBe(200);
  expect((await h.request('GET', '/api/v1/auth/me', { as: admin })).status).toBe(200);
}

describe('hostile input', () => {
  it('refuses a JSON body over 1 MB with 413, whether or not it says its length', async () => {
    const big = JSON.stringify({ processId: 'claims', variables: { blob: 'x'.repeat(1_100_000) } });
    const declared = await h.request('POST', '/api/v1/instances', {
      as: admin,
      raw: big,
      headers: { 'content-type': 'application/json' },
    });
    expect(declared.status).toBe(413);
    expect(declared.body.code).toBe('body-too-large');
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(100_000)));
        controller.close();
      },
    });
    const streamed = await h.server.app.request('/api/v1/instances', {
      method: 'POST',
      headers: { ...admin.headers, 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    });
    expect(streamed.status).toBe(413);
    await stillServing();
  });

  it('refuses huge variables with 413 and takes large ones under the limit', async () => {
    const huge = await h.request('POST', '/api/v1/instances', {
      as: admin,
      body: {
        processId: 'claims',
        variables: {
          who: ['ada'],
          rows: Array.from({ length: 60_000 }, (_, i) => ({ i, text: 'some text' })),
        },
      },
    });
    expect(huge.status).toBe(413);
    const large = await h.request('POST', '/api/v1/instances', {
      as: admin,
      body: { processId: 'claims', variables: { who: ['ada'], notes: 'y'.repeat(500_000) } },
    });
    expect(large.status).toBe(201);
    await stillServing();
  });

  it('refuses __proto__ keys anywhere in a JSON body, and no prototype is touched', async () => {
    for (const raw of [
      '{"processId":"claims","variables":{"__proto__":{"polluted":true}}}',
      '{"processId":"claims","variables":{"a":[{"b":{"__proto__":{"polluted":true}}}]}}',
      '{"__proto__":{"polluted":true},"processId":"claims"}',
    ]) {
      const answer = await h.request('POST', '/api/v1/instances', {
        as: admin,
        raw,
        headers: { 'content-type': 'application/json' },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('forbidden-key');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const constructorKey = await h.request('POST', '/api/v1/instances', {
      as: admin,
      raw: '{"processId":"claims","variables":{"who":["ada"],"constructor":{"prototype":{"polluted":true}}}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(constructorKey.status).toBe(201);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses JSON nested deeper than 64 levels, and malformed JSON, with 400', async () => {
    const deep = `{"processId":"claims","variables":{"v":${'['.repeat(100)}${']'.repeat(100)}}}`;
    const tooDeep = await h.request('POST', '/api/v1/instances', {
      as: admin,
      raw: deep,
      headers: { 'content-type': 'application/json' },
    });
    expect([tooDeep.status, tooDeep.body.code]).toEqual([400, 'json-too-deep']);
    const abyss = `{"v":${'['.repeat(400_000)}${']'.repeat(400_000)}}`;
    const deeper = await h.request('POST', '/api/v1/instances', {
      as: admin,
      raw: abyss,
      headers: { 'content-type': 'application/json' },
    });
    expect(deeper.status).toBe(400);
    const broken = await h.request('POST', '/api/v1/instances', {
      as: admin,
      raw: '{"processId": "claims",',
      headers: { 'content-type': 'application/json' },
    });
    expect([broken.status, broken.body.code]).toEqual([400, 'invalid-json']);
    await stillServing();
  });

  it('refuses a body in another media type than the route takes with 415', async () => {
    const text = await h.request('POST', '/api/v1/instances', {
      as: admin,
      raw: 'processId=claims',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const json = await h.request('POST', '/api/v1/deployments', { as: admin, body: { files: [] } });
    expect(json.status).toBe(415);
  });

  it('answers a malformed BPMN upload with 422 and findings that say where', async () => {
    const answer = await h.request('POST', '/api/v1/deployments', {
      as: admin,
      raw: upload([
        [
          'broken.bpmn',
          '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p">',
        ],
      ]),
    });
    expect(answer.status).toBe(422);
    expect(answer.body.code).toBe('model-invalid');
    expect(answer.body.findings[0]).toMatchObject({ severity: 'error', file: 'broken.bpmn' });
    const notXml = await h.request('POST', '/api/v1/deployments', {
      as: admin,
      raw: upload([['noise.bpmn', new Uint8Array([0, 159, 146, 150, 255, 0, 1])]]),
    });
    expect(notXml.status).toBe(422);
    await stillServing();
  });

  it('refuses XML with a DOCTYPE: external entities, entity expansion, in UTF-8 or UTF-16', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>${bpmn('xxe', '<bpmn:startEvent id="s" name="&secret;"/>').replace(/^<\?xml[^>]*>/, '')}`;
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>`;
    const utf16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xxe, 'utf16le')]));
    for (const [name, content] of [
      ['xxe.bpmn', xxe],
      ['laughs.bpmn', laughs],
      ['utf16.bpmn', utf16],
    ] as [string, string | Uint8Array][]) {
      const answer = await h.request('POST', '/api/v1/deployments', {
        as: admin,
        raw: upload([[name, content]]),
      });
      expect([name, answer.status, answer.body.code]).toEqual([name, 422, 'xml-doctype-refused']);
    }
    expect(await h.sluice.store.findDefinition('xxe')).toBeUndefined();
  });

  it('answers a broken DMN file with 422 and its findings, other file kinds with 415, and empty or garbled uploads with 400', async () => {
    const dmn = await h.request('POST', '/api/v1/deployments', {
      as: admin,
      raw: upload([['rates.dmn', '<definitions/>']]),
    });
    expect([dmn.status, dmn.body.code]).toEqual([422, 'model-invalid']);
    const exe = await h.request('POST', '/api/v1/deployments', {
      as: admin,
      raw: upload([['tool.exe', 'MZ']]),
    });
    expect([exe.status, exe.body.code]).toEqual([415, 'unsupported-file-type']);
    const empty = await h.request('POST', '/api/v1/deployments', { as: admin, raw: new FormData() });
    expect(empty.status).toBe(400);
    const garbled = await h.request('POST', '/api/v1/deployments', {
      as: admin,
      raw: '--nope\r\nContent-Disposition: form-data; name="files"\r\n\r\nx',
      headers: { 'content-type': 'multipart/form-data; boundary=elsewhere' },
    });
    expect([garbled.status, garbled.body.code]).toEqual([400, 'invalid-multipart']);
    const many = await h.request('POST', '/api/v1/deployments', {
      as: admin,
      raw: upload(
        Array.from({ length: 25 }, (_, i) => [`m${i}.bpmn`, bpmn(`m${i}`, '<bpmn:startEvent id="s"/>')]),
      ),
    });
    expect([many.status, many.body.code]).toEqual([413, 'too-many-files']);
    const huge = await h.request('POST', '/api/v1/deployments', {
      as: admin,
      raw: upload([['huge.bpmn', 'x'.repeat(5_300_000)]]),
    });
    expect(huge.status).toBe(413);
    await stillServing();
  });

  it('refuses absurd query and path parameters with 400 or 404, never 500', async () => {
    for (const path of [
      '/api/v1/instances?limit=100000',
      '/api/v1/instances?limit=abc',
      '/api/v1/instances?state=exploded',
      `/api/v1/instances?after=${'z'.repeat(300)}`,
      '/api/v1/tasks?dueBefore=yesterday',
      `/api/v1/definitions/${'p'.repeat(300)}`,
      `/api/v1/definitions/claims/versions/-1`,
      `/api/v1/definitions/claims/versions/${'9'.repeat(30)}`,
    ]) {
      const answer = await h.request('GET', path, { as: admin });
      expect([path, answer.status]).toEqual([
        path,
        answer.status >= 400 && answer.status < 500 ? answer.status : 'a 4xx',
      ]);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
    const unknown = await h.request('GET', '/api/v1/nothing-here', { as: admin });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'route-not-found']);
  });

  it('refuses a malformed or unknown credential with 401 rather than serving anonymously', async () => {
    for (const authorization of [
      'Bearer nonsense',
      'Basic YWRhOnB3',
      `Bearer sk_${'A'.repeat(16)}_${'b'.repeat(43)}`,
      'Bearer',
    ]) {
      const answer = await h.request('GET', '/health', { headers: { authorization } });
      expect([authorization, answer.status]).toEqual([authorization, 401]);
    }
  });

  it('hides the failure of the server itself behind a request id: no stack, no message', async () => {
    const store = h.sluice.store;
    const original = store.listDefinitions.bind(store);
    store.listDefinitions = () => Promise.reject(new Error('SQLITE_CORRUPT at /var/lib/secret/path.db'));
    try {
      const answer = await h.request('GET', '/api/v1/definitions', { as: admin });
      expect(answer.status).toBe(500);
      expect(answer.body.code).toBe('internal');
      expect(answer.text).not.toContain('SQLITE');
      expect(answer.text).not.toContain('secret');
      expect(answer.text).not.toMatch(/at .*\.ts:\d+/);
      expect(answer.body.requestId).toBe(answer.headers.get('x-request-id'));
    } finally {
      store.listDefinitions = original;
    }
    await stillServing();
  });
});
