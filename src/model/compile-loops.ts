/**
 * Loop characteristics to graph form: bpmn:multiInstanceLoopCharacteristics (with Camunda 8's
 * zeebe:loopCharacteristics or Camunda 7's camunda:collection/elementVariable) and
 * bpmn:standardLoopCharacteristics. What each needs (a collection or a cardinality, a loop
 * condition) is checked by validation, for the builder alike.
 */
import type { CompileContext } from './compile-context.js';
import type { MultiInstance, StandardLoop } from './graph.js';
import { type ModdleElement, attr, bodyOf, extension, flag, localKind, ref } from './moddle-element.js';
import { stripExpressionMark } from './values.js';

const present = (text: string | undefined): text is string => text !== undefined && text.trim() !== '';

/** FEEL text of an attribute or expression body, without Camunda 8's `=`; blank reads as absent. */
const feel = (text: string | undefined): string | undefined =>
  present(text) ? stripExpressionMark(text) : undefined;

export function loopOf(
  ctx: CompileContext,
  element: ModdleElement,
  id: string,
): { multiInstance?: MultiInstance; loop?: StandardLoop } {
  const characteristics = ref(element, 'loopCharacteristics');
  if (!characteristics) return {};
  if (!element.$instanceOf('bpmn:Activity')) {
    ctx.error(
      id,
      `${localKind(element.$type)} '${id}' cannot loop: only activities have loop characteristics`,
    );
    return {};
  }
  if (characteristics.$type === 'bpmn:MultiInstanceLoopCharacteristics') {
    return { multiInstance: multiInstanceOf(characteristics) };
  }
  if (characteristics.$type === 'bpmn:StandardLoopCharacteristics') {
    return { loop: standardLoopOf(ctx, characteristics, id) };
  }
  ctx.unsupported(id, 'loop activity', `${characteristics.$type} is not a loop Sluice knows`);
  return {};
}

/** zeebe:loopCharacteristics first, then Camunda 7's attributes. */
function multiInstanceOf(characteristics: ModdleElement): MultiInstance {
  const zeebe = extension(characteristics, 'zeebe:LoopCharacteristics');
  const collection = feel(
    [zeebe && attr(zeebe, 'inputCollection'), attr(characteristics, 'camunda:collection')].find(present),
  );
  const elementVariable = [
    zeebe && attr(zeebe, 'inputElement'),
    attr(characteristics, 'camunda:elementVariable'),
  ].find(present);
  const outputCollection = zeebe && attr(zeebe, 'outputCollection');
  const outputElement = feel(zeebe && attr(zeebe, 'outputElement'));
  const cardinality = feel(bodyOf(ref(characteristics, 'loopCardinality')));
  const completionCondition = feel(bodyOf(ref(characteristics, 'completionCondition')));
  return {
    sequential: flag(characteristics, 'isSequential') === true,
    ...(collection !== undefined && { collection }),
    ...(cardinality !== undefined && { cardinality }),
    ...(elementVariable !== undefined && { elementVariable: elementVariable.trim() }),
    ...(completionCondition !== undefined && { completionCondition }),
    ...(present(outputCollection) && { outputCollection: outputCollection.trim() }),
    ...(outputElement !== undefined && { outputElement }),
  };
}

function standardLoopOf(ctx: CompileContext, characteristics: ModdleElement, id: string): StandardLoop {
  const maximumText = attr(characteristics, 'loopMaximum');
  let maximum: number | undefined;
  if (present(maximumText)) {
    maximum = Number(maximumText.trim());
    if (!Number.isInteger(maximum) || maximum < 1) {
      ctx.error(id, `the loop maximum of '${id}' is '${maximumText}'; it must be a whole number, 1 or more`);
      maximum = undefined;
    }
  }
  return {
    condition: feel(bodyOf(ref(characteristics, 'loopCondition'))) ?? '',
    testBefore: flag(characteristics, 'testBefore') === true,
    ...(maximum !== undefined && { maximum }),
  };
}
