/**
 * The model the advanced kill test runs: a compensation (boundary event, handler, throw), a
 * conditional intermediate catch event and a non-interrupting conditional event subprocess.
 * Reviewing with amount 2000 turns the event subprocess's condition true once (it audits), the
 * catch event passes, and the throw compensates `book` by `unbook` before `finish`.
 */
import { process } from '../../src/model/index.js';

export const processId = 'advanced-durable';

/** Every element that must complete exactly once in every instance. */
export const completedOnce = [
  'start',
  'book',
  'review',
  'approved',
  'undo',
  'unbook',
  'finish',
  'end',
  'onLargeAmount',
  'large',
  'audit',
  'audited',
];

/** Job types, each of which must have run at least once per instance. */
export const jobTypes = ['book', 'unbook', 'audit', 'finish'];

export const advancedModel = () =>
  process(processId)
    .startEvent('start')
    .serviceTask('book', { type: 'book' })
    .userTask('review')
    .intermediateCatchEvent('approved', { conditional: '= approved = true' })
    .intermediateThrowEvent('undo', { compensate: 'book' })
    .serviceTask('finish', { type: 'finish' })
    .endEvent('end')
    .boundaryEvent('bookComp', { attachedTo: 'book', compensate: true })
    .serviceTask('unbook', { type: 'unbook', forCompensation: true })
    .eventSubProcess('onLargeAmount', (sub) =>
      sub
        .startEvent('large', { conditional: '= amount > 1000', interrupting: false })
        .serviceTask('audit', { type: 'audit' })
        .endEvent('audited'),
    )
    .build();
