/**
 * A typed window onto bpmn-moddle's element tree. Moddle elements are dynamic objects whose
 * properties depend on the registered packages, so the compiler reads them through these few
 * accessors instead of casting at every use. Extension properties are read by their prefixed
 * name (`camunda:assignee`, `sluice:type`); moddle answers unknown names from `$attrs`.
 */

export interface ModdleElement {
  readonly $type: string;
  readonly $parent?: ModdleElement;
  get(name: string): unknown;
  $instanceOf(type: string): boolean;
}

export const isModdleElement = (value: unknown): value is ModdleElement =>
  typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';

/** An attribute as text; numbers and booleans that moddle coerced come back as written. */
export function attr(element: ModdleElement, name: string): string | undefined {
  const value = element.get(name);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function flag(element: ModdleElement, name: string): boolean | undefined {
  const value = element.get(name);
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

export const idOf = (element: ModdleElement): string | undefined => attr(element, 'id');

export function ref(element: ModdleElement, name: string): ModdleElement | undefined {
  const value = element.get(name);
  return isModdleElement(value) ? value : undefined;
}

export function many(element: ModdleElement, name: string): ModdleElement[] {
  const value = element.get(name);
  return Array.isArray(value) ? value.filter(isModdleElement) : [];
}

/** The extension elements of a given type (`zeebe:TaskDefinition`), in document order. */
export function extensions(element: ModdleElement, type: string): ModdleElement[] {
  const container = ref(element, 'extensionElements');
  return container ? many(container, 'values').filter((value) => value.$type === type) : [];
}

export const extension = (element: ModdleElement, type: string): ModdleElement | undefined =>
  extensions(element, type)[0];

/** The text of an expression element (`bpmn:FormalExpression`, `camunda:Script`), trimmed. */
export function bodyOf(element: ModdleElement | undefined): string | undefined {
  if (!element) return undefined;
  const body = element.get('body') ?? element.get('value');
  return typeof body === 'string' ? body.trim() : undefined;
}

/** The nearest enclosing `bpmn:Process`, for attributing findings. */
export function enclosingProcess(element: ModdleElement): ModdleElement | undefined {
  for (let node: ModdleElement | undefined = element; node; node = node.$parent) {
    if (node.$type === 'bpmn:Process') return node;
  }
  return undefined;
}

/** `bpmn:UserTask` → `userTask`: graph kinds are the BPMN local names. */
export const localKind = (type: string): string => {
  const local = type.slice(type.indexOf(':') + 1);
  return local.charAt(0).toLowerCase() + local.slice(1);
};
