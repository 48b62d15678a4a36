import { describe, expect, it } from 'vitest';
import { bpmn, flows, serviceTask } from '../support/bpmn.js';
import { harness } from '../support/engine.js';

const COMPENSATE = '<bpmn:compensateEventDefinition/>';

/** A service task `id` whose compensation handler is the service task `undo_<id>`. */
const compensable = (id: string, extra = ''): string =>
  `${serviceTask(id, id)}
   <bpmn:boundaryEvent id="${id}Comp" attachedToRef="${id}">${COMPENSATE}</bpmn:boundaryEvent>
   <bpmn:serviceTask id="undo_${id}" isForCompensation="true"${extra}><bpmn:extensionElements><zeebe:taskDefinition type="undo"/></bpmn:extensionElements></bpmn:serviceTask>
   <bpmn:association id="as_${id}" associationDirection="One" sourceRef="${id}Comp" targetRef="undo_${id}"/>`;

/** Handlers that do nothing for the tasks, and record which undo ran (with its item, if any). */
const recording = () => {
  const undone: unknown[] = [];
  const handlers = {
    flight: () => ({}),
    hotel: () => ({}),
    car: () => ({}),
    undo: (job: { elementId: string; variables: Record<string, unknown> }) => {
      undone.push(
        typeof job.variables.city === 'string' ? `${job.elementId}:${job.variables.city}` : job.elementId,
      );
      return {};
    },
  };
  return { undone, handlers };
};

describe('compensation', () => {
  it('run the handlers of completed activities in reverse completion order, then go on', async () => {
    const model = bpmn(
      'trip',
      `<bpmn:startEvent id="s"/>${compensable('flight')}${compensable('hotel')}${compensable('car')}
       <bpmn:intermediateThrowEvent id="undoAll">${COMPENSATE}</bpmn:intermediateThrowEvent>
       <bpmn:endEvent id="e"/>
       ${flows('s>flight', 'flight>hotel', 'hotel>undoAll', 'undoAll>e')}`,
    );
    const { undone, handlers } = recording();
    const { sluice, history, status } = await harness([model], handlers);
    const { instanceId } = await sluice.start('trip');
    await sluice.idle();
    expect(await status(instanceId)).toBe('completed');
    expect(undone).toEqual(['undo_hotel', 'undo_flight']); // car never ran: nothing to undo
    expect((await history(instanceId)).slice(-4)).toEqual(['undo_hotel', 'undo_flight', 'undoAll', 'e']);
    const thrown = (await sluice.instance(instanceId)).history.find((e) => e.type === 'compensation.thrown');
    expect(thrown?.data).toEqual({ handlers: ['undo_hotel', 'undo_flight'] });
    await sluice.close();
  });

  it('compensate only the activity an end event names, and nothing twice', async () => {
    const model = bpmn(
      'one',
      `<bpmn:startEvent id="s"/>${compensable('flight')}${compensable('hotel')}
       <bpmn:intermediateThrowEvent id="undoFlight"><bpmn:compensateEventDefinition activityRef="flight"/></bpmn:intermediateThrowEvent>
       <bpmn:endEvent id="again"><bpmn:compensateEventDefinition activityRef="flight"/></bpmn:endEvent>
       ${flows('s>flight', 'flight>hotel', 'hotel>undoFlight', 'undoFlight>again')}`,
    );
    const { undone, handlers } = recording();
    const { sluice, status } = await harness([model], handlers);
    const { instanceId } = await sluice.start('one');
    await sluice.idle();
    expect(await status(instanceId)).toBe('completed');
    expect(undone).toEqual(['undo_flight']);
    await sluice.close();
  });

  it('go straight on when nothing has completed that could be compensated', async () => {
    const model = bpmn(
      'nothing',
      `<bpmn:startEvent id="s"/>${compensable('flight')}
       <bpmn:endEvent id="e">${COMPENSATE}</bpmn:endEvent>${flows('s>e')}`,
    );
    const { undone, handlers } = recording();
    const { sluice, status } = await harness([model], handlers);
    const { instanceId } = await sluice.start('nothing');
    expect(await status(instanceId)).toBe('completed');
    expect(undone).toEqual([]);
    await sluice.close();
  });

  it('compensate each completed instance of a multi-instance activity with its own item', async () => {
    const model = bpmn(
      'tour',
      `<bpmn:startEvent id="s"/>
       <bpmn:serviceTask id="hotel"><bpmn:extensionElements><zeebe:taskDefinition type="hotel"/></bpmn:extensionElements>
         <bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:extensionElements>
           <zeebe:loopCharacteristics inputCollection="= cities" inputElement="city"/></bpmn:extensionElements>
         </bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>
       <bpmn:boundaryEvent id="hotelComp" attachedToRef="hotel">${COMPENSATE}</bpmn:boundaryEvent>
       <bpmn:serviceTask id="undo_hotel" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="undo"/></bpmn:extensionElements></bpmn:serviceTask>
       <bpmn:association id="a" sourceRef="hotelComp" targetRef="undo_hotel"/>
       <bpmn:endEvent id="e">${COMPENSATE}</bpmn:endEvent>${flows('s>hotel', 'hotel>e')}`,
    );
    const { undone, handlers } = recording();
    const { sluice } = await harness([model], handlers);
    await sluice.start('tour', { variables: { cities: ['Oslo', 'Rome', 'Lima'] } });
    await sluice.idle();
    expect(undone).toEqual(['undo_hotel:Lima', 'undo_hotel:Rome', 'undo_hotel:Oslo']);
    await sluice.close();
  });

  it('compensate a completed subprocess through the activities inside it, or its compensation event subprocess', async () => {
    const inner = (withEventSub: boolean): string =>
      bpmn(
        withEventSub ? 'viaEventSub' : 'viaInner',
        `<bpmn:startEvent id="s"/>
         <bpmn:subProcess id="book"><bpmn:startEvent id="bs"/>${compensable('flight')}${compensable('hotel')}<bpmn:endEvent id="be"/>
           ${flows('bs>flight', 'flight>hotel', 'hotel>be')}
           ${
             withEventSub
               ? `<bpmn:subProcess id="undoBooking" triggeredByEvent="true">
                    <bpmn:startEvent id="cs">${COMPENSATE}</bpmn:startEvent>${serviceTask('notify', 'undo')}
                    <bpmn:intermediateThrowEvent id="undoInside">${COMPENSATE}</bpmn:intermediateThrowEvent><bpmn:endEvent id="ce"/>
                    ${flows('cs>notify', 'notify>undoInside', 'undoInside>ce')}
                  </bpmn:subProcess>`
               : ''
           }
         </bpmn:subProcess>
         <bpmn:endEvent id="e">${COMPENSATE}</bpmn:endEvent>${flows('s>book', 'book>e')}`,
      );
    for (const [withEventSub, expected] of [
      [false, ['undo_hotel', 'undo_flight']],
      [true, ['notify', 'undo_hotel', 'undo_flight']],
    ] as const) {
      const { undone, handlers } = recording();
      const { sluice, status } = await harness([inner(withEventSub)], handlers);
      const { instanceId } = await sluice.start(withEventSub ? 'viaEventSub' : 'viaInner');
      await sluice.idle();
      expect(undone).toEqual(expected);
      expect(await status(instanceId)).toBe('completed');
      await sluice.close();
    }
  });
});

describe('transactions', () => {
  const booking = bpmn(
    'booking',
    `<bpmn:startEvent id="s"/>
     <bpmn:transaction id="tx">
       <bpmn:startEvent id="ts"/>${compensable('flight')}${compensable('hotel')}
       <bpmn:exclusiveGateway id="ok" default="f_ok_done"/>
       <bpmn:endEvent id="done"/>
       <bpmn:endEvent id="abort"><bpmn:cancelEventDefinition/></bpmn:endEvent>
       <bpmn:userTask id="pending"/><bpmn:parallelGateway id="fork"/>
       ${flows('ts>fork', 'fork>flight', 'fork>pending', 'flight>hotel', 'hotel>ok', 'ok>abort?paid = false', 'ok>done', 'pending>done')}
     </bpmn:transaction>
     <bpmn:boundaryEvent id="cancelled" attachedToRef="tx"><bpmn:cancelEventDefinition/></bpmn:boundaryEvent>
     <bpmn:endEvent id="booked"/><bpmn:endEvent id="rolledBack"/>
     ${flows('s>tx', 'tx>booked', 'cancelled>rolledBack')}`,
  );

  it('on a cancel end event: cancel the other paths, compensate what completed, leave by the cancel boundary', async () => {
    const { undone, handlers } = recording();
    const { sluice, history, status } = await harness([booking], handlers);
    const { instanceId } = await sluice.start('booking', { variables: { paid: false } });
    await sluice.idle();
    expect(await status(instanceId)).toBe('completed');
    expect(undone).toEqual(['undo_hotel', 'undo_flight']);
    expect((await history(instanceId)).at(-1)).toBe('rolledBack');
    expect((await sluice.tasks()).items).toEqual([]); // the pending task was cancelled
    await sluice.close();
  });

  it('complete normally when nothing cancels, compensating nothing', async () => {
    const { undone, handlers } = recording();
    const { sluice, history, status } = await harness([booking], handlers);
    const { instanceId } = await sluice.start('booking', { variables: { paid: true } });
    await sluice.idle();
    await sluice.completeTask((await sluice.tasks()).items[0]!.id);
    expect(await status(instanceId)).toBe('completed');
    expect(undone).toEqual([]);
    expect((await history(instanceId)).at(-1)).toBe('booked');
    await sluice.close();
  });
});
