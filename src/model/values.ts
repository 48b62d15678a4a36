/**
 * How attribute text becomes a graph value, shared by the BPMN compiler and the builder so that
 * both read the same text the same way. Camunda 8 marks a FEEL expression with a leading `=`;
 * text without it is a literal. The graph stores expressions without the `=`.
 */
import type { Value } from './graph.js';
import { juelToFeel } from './juel.js';

const EXPRESSION_MARK = /^\s*=/;
/** `${...}` and `#{...}`: Camunda 7's JUEL, translated to FEEL where juel.ts can. */
const JUEL = /[$#]\{/;

export const isExpressionText = (text: string): boolean => EXPRESSION_MARK.test(text);

export const isJuel = (text: string): boolean => JUEL.test(text);

/**
 * JUEL as FEEL, or the text as written when it is outside the translatable subset: validation
 * then reports it, with the reason, against its element.
 */
const juelAsFeel = (text: string): string | undefined => {
  const translation = juelToFeel(text);
  return 'feel' in translation ? translation.feel : undefined;
};

const unmarkedJuel = (text: string): boolean => !isExpressionText(text) && isJuel(text);

/** FEEL source without the Camunda 8 `=` marker; unmarked JUEL is translated. */
export const stripExpressionMark = (text: string): string =>
  unmarkedJuel(text) ? (juelAsFeel(text) ?? text.trim()) : text.replace(EXPRESSION_MARK, '').trim();

/** `=amount * 2` → expression `amount * 2`; `${amount * 2}` too; `gold` → literal `gold`. */
export function toValue(text: string): Value {
  if (isExpressionText(text)) return { expression: stripExpressionMark(text) };
  const feel = isJuel(text) ? juelAsFeel(text) : undefined;
  return feel !== undefined ? { expression: feel } : { literal: text.trim() };
}

/** A FEEL string literal holding `text` exactly (FEEL reads JSON-style escapes). */
export const feelString = (text: string): string => JSON.stringify(text);

/**
 * The FEEL source of a mapping written as attribute text: `=total` is the expression `total`;
 * plain text is a string constant, as Camunda treats it; no text at all is `null`.
 */
export function mappingSource(text: string | undefined): string {
  if (text === undefined || text.trim() === '') return 'null';
  // Untranslatable JUEL stays as written rather than becoming a string constant, so validation can report it.
  if (unmarkedJuel(text)) return juelAsFeel(text) ?? text.trim();
  return isExpressionText(text) ? stripExpressionMark(text) : feelString(text);
}
