/**
 * Checks the variables a task is completed with against its form: every required field given,
 * every value of the field's type and within its rules, every choice one the form offers, and
 * no variable the form does not have. Returns every problem at once, each naming the field, so
 * that the completion is refused with a message a person can act on; an empty list means the
 * variables fit. Pure: conditions (`conditional.hide`) are FEEL, evaluated with limits.
 */
import { evaluateFeel } from '../../expr/feel.js';
import {
  type FormComponent,
  type FormProblem,
  type FormProblemCode,
  type FormSchema,
  type ValueType,
  valueTypes,
} from './form-schema.js';

export interface FormValidationOptions {
  /** Variables the case already has, which conditions may read besides the submitted ones. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Accept variables the form does not declare (default false: they are problems). */
  readonly allowExtra?: boolean;
}

/** form-js's own patterns for the built-in validation types. */
const EMAIL = /^[\w\-.]+@([\w-]+\.)+[\w-]{2,}$/;
const PHONE = /^(\+|00)\d[\d\s()-]{5,}\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

type Variables = Readonly<Record<string, unknown>>;

/** Where a field's value lives: a variable, or a member of one (`address.city`). */
interface Expected {
  /** Fields by name, nested containers, or fields that a condition hides. */
  readonly children: Map<string, Expected | FormComponent | Hidden>;
}

interface Hidden {
  readonly hiddenBy: string;
}

export function validateForm(
  schema: FormSchema,
  variables: Variables,
  options: FormValidationOptions = {},
): FormProblem[] {
  const problems: FormProblem[] = [];
  const report = (field: string, code: FormProblemCode, message: string): void => {
    problems.push({ field, code, message });
  };
  const scope = { ...options.context, ...variables };
  const root: Expected = { children: new Map() };
  checkComponents(schema.components ?? [], variables, '', root, scope, report);
  if (!options.allowExtra) reportExtra(root, variables, '', report);
  return problems;
}

type Report = (field: string, code: FormProblemCode, message: string) => void;

function checkComponents(
  components: readonly FormComponent[],
  values: Variables,
  prefix: string,
  expected: Expected,
  scope: Variables,
  report: Report,
): void {
  for (const component of components) {
    const hiddenBy = hidingCondition(component, scope, prefix, report);
    if (hiddenBy !== undefined) {
      // A hidden field is not submitted and not required; a value for it is refused as such,
      // unless another component that is shown has the same key.
      const path = component.key ?? component.path;
      if (path) {
        const { parent, name } = containerFor(expected, path.trim());
        if (!parent.children.has(name)) parent.children.set(name, { hiddenBy });
      }
      continue;
    }
    if (component.type === 'group' || component.type === 'dynamiclist') {
      const path = component.path?.trim();
      if (!path) {
        checkComponents(component.components ?? [], values, prefix, expected, scope, report);
        continue;
      }
      const { parent, name } = containerFor(expected, path);
      const field = join(prefix, path);
      const value = getPath(values, path);
      if (component.type === 'dynamiclist' || component.isRepeating) {
        parent.children.set(name, component);
        if (value === undefined || value === null) continue;
        if (!Array.isArray(value)) {
          report(field, 'wrong-type', `${field} must be a list of entries`);
          continue;
        }
        value.forEach((item: unknown, index) => {
          const at = `${field}[${index}]`;
          if (item === null || typeof item !== 'object' || Array.isArray(item)) {
            report(at, 'wrong-type', `${at} must be an entry with fields`);
            return;
          }
          const itemExpected: Expected = { children: new Map() };
          checkComponents(
            component.components ?? [],
            item as Variables,
            at,
            itemExpected,
            { ...scope, ...(item as Variables) },
            report,
          );
          reportExtra(itemExpected, item as Variables, at, report);
        });
        continue;
      }
      const nested: Expected = { children: new Map() };
      parent.children.set(name, nested);
      if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) {
        report(field, 'wrong-type', `${field} must be an object with fields`);
        continue;
      }
      checkComponents(component.components ?? [], (value ?? {}) as Variables, field, nested, scope, report);
      continue;
    }
    const kind = valueTypes[component.type as keyof typeof valueTypes] as ValueType | undefined;
    if (kind === undefined || component.key === undefined || component.key.trim() === '') continue;
    const key = component.key.trim();
    const { parent, name } = containerFor(expected, key);
    parent.children.set(name, component);
    checkField(component, kind, getPath(values, key), join(prefix, key), report);
  }
}

function checkField(
  component: FormComponent,
  kind: ValueType,
  value: unknown,
  field: string,
  report: Report,
): void {
  const label = component.label ? `${field} (${component.label})` : field;
  const rules = component.validate ?? {};
  const empty =
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
  if (component.disabled && value !== undefined) {
    report(field, 'disabled', `${label} is disabled in the form; leave it out`);
    return;
  }
  if (empty || (kind === 'boolean' && rules.required && value === false)) {
    if (rules.required) report(field, 'missing', `${label} is required`);
    return;
  }
  switch (kind) {
    case 'any':
      return;
    case 'text': {
      if (typeof value !== 'string')
        return report(field, 'wrong-type', `${label} must be text, not ${describe(value)}`);
      checkText(value, rules, label, field, report);
      return;
    }
    case 'number': {
      const number =
        typeof value === 'string' && component.serializeToString && value.trim() !== ''
          ? Number(value)
          : value;
      if (typeof number !== 'number' || !Number.isFinite(number)) {
        return report(field, 'wrong-type', `${label} must be a number, not ${describe(value)}`);
      }
      if (component.decimalDigits !== undefined && decimals(number) > component.decimalDigits) {
        return report(
          field,
          'wrong-type',
          component.decimalDigits === 0
            ? `${label} must be a whole number, not ${number}`
            : `${label} allows ${component.decimalDigits} digits after the point, not ${number}`,
        );
      }
      if (rules.min !== undefined && number < rules.min)
        report(field, 'too-small', `${label} must be at least ${rules.min}, not ${number}`);
      if (rules.max !== undefined && number > rules.max)
        report(field, 'too-large', `${label} must be at most ${rules.max}, not ${number}`);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean')
        report(field, 'wrong-type', `${label} must be true or false, not ${describe(value)}`);
      return;
    case 'choice':
      checkChoice(component, value, label, field, report);
      return;
    case 'choices': {
      if (!Array.isArray(value))
        return report(field, 'wrong-type', `${label} must be a list of choices, not ${describe(value)}`);
      value.forEach((item: unknown, index) =>
        checkChoice(component, item, label, `${field}[${index}]`, report),
      );
      return;
    }
    case 'datetime': {
      const subtype = component.subtype ?? 'date';
      const pattern = subtype === 'time' ? TIME : subtype === 'datetime' ? DATETIME : DATE;
      const example =
        subtype === 'time' ? '14:30' : subtype === 'datetime' ? '2025-03-28T14:30' : '2025-03-28';
      if (
        typeof value !== 'string' ||
        !pattern.test(value) ||
        (subtype !== 'time' && Number.isNaN(Date.parse(value.slice(0, 10))))
      ) {
        report(
          field,
          'wrong-type',
          `${label} must be a ${subtype === 'datetime' ? 'date and time' : subtype} like ${example}, not ${describe(value)}`,
        );
      }
      return;
    }
  }
}

function checkText(
  value: string,
  rules: FormComponent['validate'] & object,
  label: string,
  field: string,
  report: Report,
): void {
  if (rules.minLength !== undefined && value.length < rules.minLength) {
    report(
      field,
      'too-short',
      `${label} must be at least ${rules.minLength} characters long, not ${value.length}`,
    );
  }
  if (rules.maxLength !== undefined && value.length > rules.maxLength) {
    report(
      field,
      'too-long',
      `${label} must be at most ${rules.maxLength} characters long, not ${value.length}`,
    );
  }
  if (rules.pattern) {
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(rules.pattern);
    } catch {
      report(
        field,
        'invalid-schema',
        `the form's pattern for ${label} is not a regular expression: ${rules.pattern}`,
      );
    }
    if (pattern && !pattern.test(value))
      report(field, 'pattern', `${label} does not match the pattern ${rules.pattern}`);
  }
  if (rules.validationType === 'email' && !EMAIL.test(value))
    report(field, 'pattern', `${label} must be an e-mail address, not '${value}'`);
  if (rules.validationType === 'phone' && !PHONE.test(value)) {
    report(
      field,
      'pattern',
      `${label} must be a phone number with country code (+49 30 1234567), not '${value}'`,
    );
  }
}

function checkChoice(
  component: FormComponent,
  value: unknown,
  label: string,
  field: string,
  report: Report,
): void {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    report(field, 'wrong-type', `${label} must be one of the offered values, not ${describe(value)}`);
    return;
  }
  // Options from a variable or an expression are known only when the form is shown.
  if (!component.values || component.valuesKey !== undefined || component.valuesExpression !== undefined)
    return;
  if (!component.values.some((option) => option.value === value)) {
    const offered = component.values.map((option) => JSON.stringify(option.value)).join(', ');
    report(field, 'not-allowed', `${label} must be one of ${offered}, not ${JSON.stringify(value)}`);
  }
}

/** The condition that hides the component now, if one does; one that fails hides nothing. */
function hidingCondition(
  component: FormComponent,
  scope: Variables,
  prefix: string,
  report: Report,
): string | undefined {
  const condition = component.conditional?.hide?.trim();
  if (!condition) return undefined;
  const expression = condition.startsWith('=') ? condition.slice(1).trim() : condition;
  try {
    return evaluateFeel(expression, scope).value === true ? expression : undefined;
  } catch (error) {
    const field = join(prefix, component.key ?? component.path ?? component.id ?? component.type);
    report(
      field,
      'invalid-schema',
      `the form's condition for ${field} cannot be evaluated: ${(error as Error).message}`,
    );
    return undefined;
  }
}

function reportExtra(expected: Expected, values: Variables, prefix: string, report: Report): void {
  for (const [name, value] of Object.entries(values)) {
    const field = join(prefix, name);
    const entry = expected.children.get(name);
    if (entry === undefined) {
      report(field, 'extra', `${field} is not a field of this form`);
    } else if ('hiddenBy' in entry) {
      report(field, 'hidden', `${field} is hidden by the form's condition (${entry.hiddenBy}); leave it out`);
    } else if ('children' in entry && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      reportExtra(entry, value as Variables, field, report);
    }
  }
}

/** The container that holds the last segment of a dotted path, creating the way there. */
function containerFor(expected: Expected, path: string): { parent: Expected; name: string } {
  const segments = path.split('.');
  let parent = expected;
  for (const segment of segments.slice(0, -1)) {
    let next = parent.children.get(segment);
    if (!next || !('children' in next)) {
      next = { children: new Map() };
      parent.children.set(segment, next);
    }
    parent = next;
  }
  return { parent, name: segments.at(-1)! };
}

function getPath(values: Variables, path: string): unknown {
  let current: unknown = values;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Variables)[segment];
  }
  return current;
}

const join = (prefix: string, name: string): string => (prefix === '' ? name : `${prefix}.${name}`);

const decimals = (n: number): number => {
  const text = String(n);
  const point = text.indexOf('.');
  return point < 0 || text.includes('e') ? 0 : text.length - point - 1;
};

const describe = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'a list'
      : typeof value === 'object'
        ? 'an object'
        : typeof value === 'string'
          ? `'${value}'`
          : typeof value === 'number' || typeof value === 'boolean'
            ? `${typeof value} ${value}`
            : typeof value;
