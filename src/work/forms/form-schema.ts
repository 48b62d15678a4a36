/**
 * The part of a form-js schema (as Camunda Forms write them) that completing a task depends
 * on: components with keys, their types, validation rules and allowed values. Display-only
 * components (text, spacer, button, ...) carry no value and are ignored.
 */

export interface FormValidate {
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  /** 'email' or 'phone'; other values are not checked. */
  readonly validationType?: string;
}

export interface FormValue {
  readonly label?: string;
  readonly value: unknown;
}

export interface FormComponent {
  readonly type: string;
  readonly id?: string;
  readonly key?: string;
  /** Groups and dynamic lists: where their fields live in the variables. */
  readonly path?: string;
  readonly label?: string;
  readonly validate?: FormValidate;
  readonly values?: readonly FormValue[];
  /** Options come from a variable or an expression: not checked against a list here. */
  readonly valuesKey?: string;
  readonly valuesExpression?: string;
  /** datetime: 'date', 'time' or 'datetime'. */
  readonly subtype?: string;
  /** number: how many digits after the point; 0 means whole numbers. */
  readonly decimalDigits?: number;
  /** number: the value is submitted as a string. */
  readonly serializeToString?: boolean;
  readonly disabled?: boolean;
  readonly conditional?: { readonly hide?: string };
  readonly components?: readonly FormComponent[];
  readonly isRepeating?: boolean;
}

export interface FormSchema {
  readonly id?: string;
  readonly type?: string;
  readonly components: readonly FormComponent[];
}

/** Components that hold a value, and what kind. */
export const valueTypes = {
  textfield: 'text',
  textarea: 'text',
  number: 'number',
  checkbox: 'boolean',
  select: 'choice',
  radio: 'choice',
  checklist: 'choices',
  taglist: 'choices',
  datetime: 'datetime',
  expression: 'any',
  filepicker: 'any',
} as const;

export type ValueType = (typeof valueTypes)[keyof typeof valueTypes];

export const formProblemCodes = [
  'missing',
  'wrong-type',
  'not-allowed',
  'extra',
  'too-small',
  'too-large',
  'too-short',
  'too-long',
  'pattern',
  'hidden',
  'disabled',
  'invalid-schema',
] as const;
export type FormProblemCode = (typeof formProblemCodes)[number];

export interface FormProblem {
  /** The variable's path, e.g. `amount`, `address.city`, `items[2].quantity`. */
  readonly field: string;
  readonly code: FormProblemCode;
  readonly message: string;
}
