import { describe, expect, it } from 'vitest';
import { process } from '../../src/model/index.js';

describe('what an inclusive join waits for (orJoinUpstream)', () => {
  it('is, per incoming flow, every element that can still reach it, not passing through the join', () => {
    const graph = process('p')
      .startEvent('start')
      .task('a')
      .inclusiveGateway('join')
      .task('b')
      .exclusiveGateway('again')
      .flow('again', 'c', { condition: 'retry' })
      .task('c')
      .to('join')
      .from('again', { default: true })
      .endEvent('end')
      .build();

    expect(graph.orJoinUpstream).toEqual({
      join: {
        'a-join': ['a', 'start'],
        'c-join': ['again', 'b', 'c'],
      },
    });
  });

  it('reaches an activity through the boundary events attached to it', () => {
    const graph = process('p')
      .startEvent('start')
      .parallelGateway('split')
      .userTask('review')
      .inclusiveGateway('join')
      .endEvent('end')
      .from('split')
      .task('other')
      .to('join')
      .boundaryEvent('late', { attachedTo: 'review', timer: { duration: 'PT1H' }, cancelActivity: false })
      .task('escalate')
      .to('join')
      .build();

    expect(graph.orJoinUpstream.join).toEqual({
      'review-join': ['review', 'split', 'start'],
      'other-join': ['other', 'split', 'start'],
      'escalate-join': ['escalate', 'late', 'review', 'split', 'start'],
    });
  });

  it('stays in the join’s scope: a subprocess stands for everything inside it', () => {
    const graph = process('p')
      .startEvent('start')
      .parallelGateway('split')
      .subProcess('sub', (inside) =>
        inside
          .startEvent('subStart')
          .task('inner')
          .inclusiveGateway('innerJoin')
          .endEvent('subEnd')
          .from('subStart')
          .to('innerJoin'),
      )
      .inclusiveGateway('join')
      .endEvent('end')
      .from('split')
      .to('join')
      .build();

    expect(graph.orJoinUpstream).toEqual({
      join: { 'sub-join': ['split', 'start', 'sub'], 'split-join': ['split', 'start'] },
      innerJoin: { 'inner-innerJoin': ['inner', 'subStart'], 'subStart-innerJoin': ['subStart'] },
    });
  });

  it('leaves out inclusive gateways with a single incoming flow', () => {
    const graph = process('p').startEvent('s').inclusiveGateway('split').endEvent('e').build();

    expect(graph.orJoinUpstream).toEqual({});
  });
});
