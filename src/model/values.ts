/**
 * How attribute text becomes a graph value, shared by the BPMN compiler and the builder so that
 * both read the same text the same way. Camunda 8 marks a FEEL expression with a leading `=`;
 * text without it is a literal. The graph stores expressions without the `=`.
 */
import type { Value } from './graph.js';

const EXPRESSION_MARK = /^\s*=/;
/** `${...}` and `#{...}`: Camunda 7's JUEL, which Sluice does not evaluate. */
const JUEL = /[$#]\{/;

export const isExpressionText = (text: string): boolean => EXPRESSION_MARK.test(text);

export const isJuel = (text: string): boolean => JUEL.test(text);

/** FEEL source without the Camunda 8 `=` marker. */
export const stripExpressionMark = (text: string): string => text.replace(EXPRESSION_MARK, '').trim();

/** `=amount * 2` → expression `amount * 2`; `gold` → literal `gold`. */
export const toValue = (text: string): Value =>
  isExpressionText(text) ? { expression: stripExpressionMark(text) } : { literal: text.trim() };

/** A FEEL string literal holding `text` exactly (FEEL reads JSON-style escapes). */
export const feelString = (text: string): string => JSON.stringify(text);

/**
 * The FEEL source of a mapping written as attribute text: `=total` is the expression `total`;
 * plain text is a string constant, as Camunda treats it; no text at all is `null`.
 */
export function mappingSource(text: string | undefined): string {
  if (text === undefined || text.trim() === '') return 'null';
  // JUEL stays as written rather than becoming a string constant, so validation can report it.
  if (isJuel(text)) return text.trim();
  return isExpressionText(text) ? stripExpressionMark(text) : feelString(text);
}
