import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bpmn, flows } from '../support/bpmn.js';
import { type Credential, type Harness, serverHarness } from './server-harness.js';

interface DeployAnswer {
  readonly code?: string;
  readonly findings: readonly { elementId?: string; severity: string }[];
}

/** A Camunda 7 model with a Groovy script: deployable with a warning, refused when strict. */
const groovy = bpmn(
  'groovy',
  `<bpmn:startEvent id="s"/>
   <bpmn:scriptTask id="calc" scriptFormat="groovy"><bpmn:script>x = 1</bpmn:script></bpmn:scriptTask>
   <bpmn:endEvent id="e"/>${flows('s>calc', 'calc>e')}`,
);

const upload = (): FormData => {
  const data = new FormData();
  data.append('files', new Blob([groovy]), 'groovy.bpmn');
  return data;
};

describe('deploying through the API with ?strict=true', () => {
  let h: Harness;
  let mona: Credential;
  beforeAll(async () => {
    h = await serverHarness();
    mona = await h.user('mona', ['modeler']);
  });
  afterAll(() => h.close());

  it('refuses code Sluice does not run, naming the element, where a plain deploy only warns', async () => {
    const strict = await h.request<DeployAnswer>('POST', '/api/v1/deployments?strict=true', {
      as: mona,
      raw: upload(),
    });
    expect(strict.status).toBe(422);
    expect(strict.body.code).toBe('model-invalid');
    expect(strict.body.findings).toContainEqual(
      expect.objectContaining({ elementId: 'calc', severity: 'error' }),
    );

    const lenient = await h.request<DeployAnswer>('POST', '/api/v1/deployments', { as: mona, raw: upload() });
    expect(lenient.status).toBe(201);
    expect(lenient.body.findings).toContainEqual(
      expect.objectContaining({ elementId: 'calc', severity: 'warning' }),
    );
  });

  it('rejects a strict value other than true or false', async () => {
    const answer = await h.request('POST', '/api/v1/deployments?strict=yes', { as: mona, raw: upload() });
    expect(answer.status).toBe(400);
  });
});
