/**
 * Business rule tasks call DMN decisions deployed beside the process: Camunda 8's
 * zeebe:calledDecision and Camunda 7's decisionRef with mapDecisionResult and version binding.
 */
/* eslint-disable @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matchers are typed any */
import { describe, expect, it } from 'vitest';
import { bpmn, flows } from '../support/bpmn.js';
import { harness } from '../support/engine.js';

/** A table of routes by amount; `policy` is its hit policy, `version` a marker in the output. */
const routing = (policy = 'UNIQUE', marker = ''): string => `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="routing-defs" name="Routing" namespace="https://sluice.dev/test/routing">
  <decision id="route" name="Route">
    <decisionTable id="route-table" hitPolicy="${policy}">
      <input id="amount-in" label="Amount"><inputExpression id="amount-expr" typeRef="number"><text>amount</text></inputExpression></input>
      <output id="team-out" name="team" typeRef="string"/>
      <output id="level-out" name="level" typeRef="number"/>
      <rule id="small"><inputEntry id="small-in"><text>&lt; 1000</text></inputEntry><outputEntry id="small-team"><text>"clerks${marker}"</text></outputEntry><outputEntry id="small-level"><text>1</text></outputEntry></rule>
      <rule id="large"><inputEntry id="large-in"><text>&gt;= 500</text></inputEntry><outputEntry id="large-team"><text>"managers${marker}"</text></outputEntry><outputEntry id="large-level"><text>2</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <decision id="team" name="Team">
    <decisionTable id="team-table" hitPolicy="FIRST">
      <input id="t-amount" label="Amount"><inputExpression id="t-amount-expr" typeRef="number"><text>amount</text></inputExpression></input>
      <output id="t-out" name="team" typeRef="string"/>
      <rule id="t-small"><inputEntry id="ts-in"><text>&lt; 1000</text></inputEntry><outputEntry id="ts-out"><text>"clerks${marker}"</text></outputEntry></rule>
      <rule id="t-large"><inputEntry id="tl-in"><text>-</text></inputEntry><outputEntry id="tl-out"><text>"managers${marker}"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>`;

const process = (task: string): string =>
  bpmn('approve', `<bpmn:startEvent id="s"/>${task}<bpmn:endEvent id="e"/>${flows('s>decide', 'decide>e')}`);

const zeebeTask = (decisionId = 'team', resultVariable = 'assignedTeam'): string =>
  `<bpmn:businessRuleTask id="decide"><bpmn:extensionElements>
     <zeebe:calledDecision decisionId="${decisionId}" resultVariable="${resultVariable}"/>
   </bpmn:extensionElements></bpmn:businessRuleTask>`;

const camundaTask = (attributes: string): string =>
  `<bpmn:businessRuleTask id="decide" camunda:decisionRef="route" camunda:resultVariable="routing" ${attributes}/>`;

async function run(task: string, variables: Record<string, unknown>, dmn = routing()) {
  const h = await harness([]);
  await h.sluice.deploy([
    { name: 'approve.bpmn', content: process(task) },
    { name: 'routing.dmn', content: dmn },
  ]);
  const { instanceId } = await h.sluice.start('approve', { variables });
  await h.sluice.idle();
  return { ...h, instanceId, details: await h.sluice.instance(instanceId) };
}

describe('a business rule task', () => {
  it('evaluates a zeebe:calledDecision and stores the result as it is in resultVariable', async () => {
    const { details } = await run(zeebeTask(), { amount: 5000 });
    expect(details.status).toBe('completed');
    expect(details.variables).toMatchObject({ assignedTeam: 'managers' });
  });

  it.each([
    ['singleEntry', 'team', { amount: 100 }, 'clerks'],
    ['singleResult', 'route', { amount: 100 }, { team: 'clerks', level: 1 }],
    ['collectEntries', 'team', { amount: 100 }, ['clerks']],
    ['resultList', 'route', { amount: 100 }, [{ team: 'clerks', level: 1 }]],
  ])('maps the result with mapDecisionResult %s', async (mapping, decision, variables, expected) => {
    const task = `<bpmn:businessRuleTask id="decide" camunda:decisionRef="${decision}" camunda:resultVariable="routing" camunda:mapDecisionResult="${mapping}"/>`;
    const { details } = await run(task, variables);
    expect(details.variables.routing).toEqual(expected);
  });

  it('collects every matching rule of a COLLECT table as a result list', async () => {
    const { details } = await run(camundaTask(''), { amount: 700 }, routing('COLLECT'));
    expect(details.variables.routing).toEqual([
      { team: 'clerks', level: 1 },
      { team: 'managers', level: 2 },
    ]);
  });

  it('raises an incident naming the decision and the input when two rules match under UNIQUE', async () => {
    const { sluice, details, instanceId } = await run(camundaTask(''), { amount: 700 });
    expect(details.status).toBe('active');
    const [incident] = await sluice.incidents({ instanceId, open: true });
    expect(incident?.elementId).toBe('decide');
    expect(incident?.message).toMatch(/decision 'route'/);
    expect(incident?.message).toMatch(/"amount":700/);
  });

  it('raises an incident when the decision is not deployed, and goes on once it is and the incident is retried', async () => {
    const h = await harness([process(zeebeTask('missing'))]);
    const { instanceId } = await h.sluice.start('approve', { variables: { amount: 1 } });
    await h.sluice.idle();
    const [incident] = await h.sluice.incidents({ instanceId, open: true });
    expect(incident?.message).toMatch(/no decision with id 'missing' is deployed/);
    await h.sluice.deploy([{ name: 'missing.dmn', content: routing().replaceAll('"team"', '"missing"') }]);
    await h.sluice.retryIncident(incident!.id);
    await h.sluice.idle();
    expect(await h.status(instanceId)).toBe('completed');
  });

  it('uses the latest version, or the version it is bound to', async () => {
    const h = await harness([]);
    await h.sluice.deploy([{ name: 'routing.dmn', content: routing('UNIQUE', ' v1') }]);
    const second = await h.sluice.deploy([{ name: 'routing.dmn', content: routing('UNIQUE', ' v2') }]);
    expect(second.decisions).toContainEqual({ decisionId: 'team', version: 2, created: true });
    const again = await h.sluice.deploy([{ name: 'routing.dmn', content: routing('UNIQUE', ' v2') }]);
    expect(again.decisions).toContainEqual({ decisionId: 'team', version: 2, created: false });
    await h.sluice.deploy([
      { name: 'latest.bpmn', content: process(zeebeTask()) },
      {
        name: 'pinned.bpmn',
        content: process(
          `<bpmn:businessRuleTask id="decide" camunda:decisionRef="team" camunda:resultVariable="assignedTeam"
             camunda:mapDecisionResult="singleEntry" camunda:decisionRefBinding="version" camunda:decisionRefVersion="1"/>`,
        ).replace('id="approve"', 'id="pinned"'),
      },
    ]);
    const latest = await h.sluice.start('approve', { variables: { amount: 1 } });
    const pinned = await h.sluice.start('pinned', { variables: { amount: 1 } });
    await h.sluice.idle();
    expect((await h.sluice.instance(latest.instanceId)).variables.assignedTeam).toBe('clerks v2');
    expect((await h.sluice.instance(pinned.instanceId)).variables.assignedTeam).toBe('clerks v1');
  });

  it('refuses a deployment whose DMN file has errors, and deploys none of its processes', async () => {
    const h = await harness([]);
    await expect(
      h.sluice.deploy([
        { name: 'approve.bpmn', content: process(zeebeTask()) },
        { name: 'broken.dmn', content: '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/">' },
      ]),
    ).rejects.toMatchObject({
      code: 'model-invalid',
      findings: [expect.objectContaining({ file: 'broken.dmn' })],
    });
    expect(await h.sluice.definitions()).toEqual([]);
  });

  it('is refused at deployment when it names no decision or binds to a version without a number', async () => {
    const h = await harness([]);
    await expect(
      h.sluice.deploy([
        { name: 'approve.bpmn', content: process(camundaTask('camunda:decisionRefBinding="version"')) },
      ]),
    ).rejects.toMatchObject({
      findings: expect.arrayContaining([
        expect.objectContaining({
          elementId: 'decide',
          message: expect.stringMatching(/decisionRefVersion/),
        }),
      ]),
    });
  });
});
