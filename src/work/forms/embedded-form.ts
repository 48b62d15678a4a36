/**
 * Forms embedded in the model, as Camunda 8 embeds them: a `<zeebe:userTaskForm id="...">` in
 * the process's extension elements holds the form-js schema as JSON, and the user task names
 * it with `<zeebe:formDefinition formKey="camunda-forms:bpmn:<id>"/>` (or `formId="<id>"`).
 * The server shows the schema; the engine checks a completion against it. One reader serves
 * both, so what the web app renders is what completion is judged by.
 */
import { bpmnModdle } from '../../model/read-bpmn.js';

/** The form key prefix of a form embedded in the model. */
export const embeddedFormPrefix = 'camunda-forms:bpmn:';

interface ModdleNode {
  readonly $type: string;
  readonly id?: string;
  readonly body?: string;
  readonly rootElements?: readonly ModdleNode[];
  readonly extensionElements?: { readonly values?: readonly ModdleNode[] };
}

/** The embedded form's schema, or null when the model has none of that id (or it is not a JSON object). */
export async function embeddedForm(source: string, formKey: string): Promise<Record<string, unknown> | null> {
  const id = formKey.startsWith(embeddedFormPrefix) ? formKey.slice(embeddedFormPrefix.length) : formKey;
  const { rootElement } = (await bpmnModdle().fromXML(source)) as unknown as { rootElement: ModdleNode };
  for (const process of rootElement.rootElements ?? []) {
    const form = process.extensionElements?.values?.find(
      (v) => v.$type === 'zeebe:UserTaskForm' && v.id === id,
    );
    if (!form?.body) continue;
    try {
      const schema: unknown = JSON.parse(form.body);
      return schema !== null && typeof schema === 'object' && !Array.isArray(schema)
        ? (schema as Record<string, unknown>)
        : null;
    } catch {
      return null;
    }
  }
  return null;
}
