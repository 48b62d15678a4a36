import { describe, expect, it } from 'vitest';
import { bpmn, flows, serviceTask } from '../support/bpmn.js';
import { harness } from '../support/engine.js';

const tasksAt = async (sluice: Awaited<ReturnType<typeof harness>>['sluice']): Promise<string[]> =>
  (await sluice.tasks()).items.map((t) => t.elementId).sort();

describe('the complex gateway', () => {
  const review = bpmn(
    'review',
    `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/>
     <bpmn:userTask id="r1"/><bpmn:userTask id="r2"/><bpmn:userTask id="r3"/>
     <bpmn:complexGateway id="twoOfThree"><bpmn:activationCondition xsi:type="bpmn:tFormalExpression">= activationCount >= 2</bpmn:activationCondition></bpmn:complexGateway>
     <bpmn:userTask id="decide"/><bpmn:endEvent id="e"/>
     ${flows('s>fork', 'fork>r1', 'fork>r2', 'fork>r3', 'r1>twoOfThree', 'r2>twoOfThree', 'r3>twoOfThree', 'twoOfThree>decide', 'decide>e')}`,
  );

  it('fire once when its activation condition first holds, and absorb the later arrivals of the wave', async () => {
    const { sluice, history, status } = await harness([review]);
    const { instanceId } = await sluice.start('review');
    const done = async (id: string): Promise<void> => {
      await sluice.completeTask((await sluice.tasks()).items.find((t) => t.elementId === id)!.id);
    };
    await done('r2');
    expect(await tasksAt(sluice)).toEqual(['r1', 'r3']);
    await done('r3');
    expect(await tasksAt(sluice)).toEqual(['decide', 'r1']);
    await done('r1'); // absorbed: no second decision
    expect(await tasksAt(sluice)).toEqual(['decide']);
    await done('decide');
    expect(await status(instanceId)).toBe('completed');
    expect((await history(instanceId)).filter((id) => id === 'twoOfThree')).toHaveLength(1);
    await sluice.close();
  });
});

describe('the ad-hoc subprocess', () => {
  const adHoc = (ordering: string, extra = ''): string =>
    bpmn(
      'adhoc',
      `<bpmn:startEvent id="s"/>
       <bpmn:adHocSubProcess id="research" ordering="${ordering}"${extra}>
         <bpmn:userTask id="read"/><bpmn:userTask id="call"/><bpmn:userTask id="write"/><bpmn:userTask id="proof"/>
         ${flows('write>proof')}
       </bpmn:adHocSubProcess>
       <bpmn:endEvent id="e"/>${flows('s>research', 'research>e')}`,
    );
  const finish = async (sluice: Awaited<ReturnType<typeof harness>>['sluice'], id: string, variables = {}) =>
    sluice.completeTask((await sluice.tasks()).items.find((t) => t.elementId === id)!.id, { variables });

  it('offer every activity without incoming flows at once in parallel ordering', async () => {
    const { sluice, status } = await harness([adHoc('Parallel')]);
    const { instanceId } = await sluice.start('adhoc');
    expect(await tasksAt(sluice)).toEqual(['call', 'read', 'write']);
    for (const id of ['call', 'read', 'write', 'proof']) await finish(sluice, id);
    expect(await status(instanceId)).toBe('completed');
    await sluice.close();
  });

  it('run them one at a time in sequential ordering (interleaved routing)', async () => {
    const { sluice, status } = await harness([adHoc('Sequential')]);
    const { instanceId } = await sluice.start('adhoc');
    const seen: string[][] = [];
    for (let i = 0; i < 4; i++) {
      const open = await tasksAt(sluice);
      seen.push(open);
      await finish(sluice, open[0]!);
    }
    expect(seen).toEqual([['read'], ['call'], ['write'], ['proof']]);
    expect(await status(instanceId)).toBe('completed');
    await sluice.close();
  });

  it('stop at its completion condition and cancel what still runs', async () => {
    const model = adHoc('Parallel').replace(
      '<bpmn:userTask id="read"/>',
      `<bpmn:completionCondition xsi:type="bpmn:tFormalExpression">= enough = true</bpmn:completionCondition><bpmn:userTask id="read"/>`,
    );
    const { sluice, status } = await harness([model]);
    const { instanceId } = await sluice.start('adhoc');
    await finish(sluice, 'read', { enough: true });
    expect(await status(instanceId)).toBe('completed');
    expect(await tasksAt(sluice)).toEqual([]);
    await sluice.close();
  });
});

describe('terminate inside a subprocess', () => {
  it('ends only that subprocess, which completes; the process goes on', async () => {
    const model = bpmn(
      'term',
      `<bpmn:startEvent id="s"/>
       <bpmn:subProcess id="sub"><bpmn:startEvent id="ss"/><bpmn:parallelGateway id="fork"/><bpmn:userTask id="slow"/>
         ${serviceTask('quick', 'quick')}<bpmn:endEvent id="stop"><bpmn:terminateEventDefinition/></bpmn:endEvent><bpmn:endEvent id="se"/>
         ${flows('ss>fork', 'fork>slow', 'fork>quick', 'quick>stop', 'slow>se')}
       </bpmn:subProcess>
       <bpmn:userTask id="after"/><bpmn:endEvent id="e"/>${flows('s>sub', 'sub>after', 'after>e')}`,
    );
    const { sluice, status } = await harness([model], { quick: () => ({}) });
    const { instanceId } = await sluice.start('term');
    await sluice.idle();
    expect(await tasksAt(sluice)).toEqual(['after']);
    expect(await status(instanceId)).toBe('active');
    await sluice.close();
  });
});

describe('Sluice constructs for the workflow patterns', () => {
  it('WCP-15: add instances to a running multi-instance activity', async () => {
    const model = bpmn(
      'mi',
      `<bpmn:startEvent id="s"/>
       <bpmn:userTask id="check"><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>
         <zeebe:loopCharacteristics inputCollection="= parts" inputElement="part"/></bpmn:extensionElements>
       </bpmn:multiInstanceLoopCharacteristics></bpmn:userTask><bpmn:endEvent id="e"/>${flows('s>check', 'check>e')}`,
    );
    const { sluice, status } = await harness([model]);
    const { instanceId } = await sluice.start('mi', { variables: { parts: ['a'] } });
    await sluice.addInstances(instanceId, 'check', ['b', 'c']);
    expect((await sluice.tasks()).items).toHaveLength(3);
    for (const task of (await sluice.tasks()).items) await sluice.completeTask(task.id);
    expect(await status(instanceId)).toBe('completed');
    await expect(sluice.addInstances(instanceId, 'check', ['d'])).rejects.toThrow(/instance/);
    await sluice.close();
  });

  it('WCP-39: subprocesses sharing a sluice:mutex run one at a time', async () => {
    const sub = (id: string): string =>
      `<bpmn:subProcess id="${id}" sluice:mutex="ledger"><bpmn:startEvent id="${id}s"/><bpmn:userTask id="${id}t"/><bpmn:endEvent id="${id}e"/>${flows(`${id}s>${id}t`, `${id}t>${id}e`)}</bpmn:subProcess>`;
    const model = bpmn(
      'mutex',
      `<bpmn:startEvent id="s"/><bpmn:parallelGateway id="fork"/>${sub('a')}${sub('b')}
       <bpmn:parallelGateway id="join"/><bpmn:endEvent id="e"/>
       ${flows('s>fork', 'fork>a', 'fork>b', 'a>join', 'b>join', 'join>e')}`,
    ).replace('xmlns:xsi=', 'xmlns:sluice="https://sluice.dev/schema/bpmn/1.0" xmlns:xsi=');
    const { sluice, status } = await harness([model]);
    const { instanceId } = await sluice.start('mutex');
    const first = await tasksAt(sluice);
    expect(first).toHaveLength(1); // the other subprocess waits for the mutex
    await sluice.completeTask((await sluice.tasks()).items[0]!.id);
    const second = await tasksAt(sluice);
    expect([...first, ...second].sort()).toEqual(['at', 'bt']);
    await sluice.completeTask((await sluice.tasks()).items[0]!.id);
    expect(await status(instanceId)).toBe('completed');
    await sluice.close();
  });
});
