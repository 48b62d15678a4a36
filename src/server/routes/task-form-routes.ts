/**
 * A task's form, for the web app to render: the form-js schema its form key names. Forms live
 * in the model, as Camunda 8 embeds them: a `<zeebe:userTaskForm id="...">` in the process's
 * extension elements holds the schema as JSON, and the user task names it with
 * `<zeebe:formDefinition formKey="camunda-forms:bpmn:<id>"/>` (or `formId="<id>"`). The form
 * comes from the version the task's instance runs on; the engine checks completions against
 * the same schema (src/work/forms/embedded-form.ts).
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { embeddedForm } from '../../work/forms/embedded-form.js';
import { loaded } from '../access/object-rules.js';
import { defineRoute, idParam } from '../http/route-spec.js';
import type { ServerEnv } from '../server-env.js';

const taskFormSchema = z
  .object({
    formKey: z.string().nullable(),
    schema: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: 'The form-js schema; null when the task has no form the model embeds.' }),
  })
  .openapi('TaskForm');

export const taskFormRoutes = {
  form: defineRoute({
    method: 'get',
    path: '/api/v1/tasks/{id}/form',
    tags: ['tasks'],
    summary: 'The form-js schema of the task’s form, embedded in its model (null when none)',
    access: { roles: ['operator', 'user'], object: 'task' },
    request: { params: idParam },
    responses: {
      200: { description: 'The form.', content: { 'application/json': { schema: taskFormSchema } } },
    },
  }),
};

export function mountTaskFormRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(taskFormRoutes.form, async (c) => {
    const task = loaded(c, 'task');
    const formKey = task.formKey ?? null;
    if (formKey === null) return c.json({ formKey, schema: null }, 200);
    const definition = await c.get('services').sluice.store.findDefinition(task.processId, task.version);
    const schema = definition?.sourceKind === 'bpmn' ? await embeddedForm(definition.source, formKey) : null;
    return c.json({ formKey, schema }, 200);
  });
}
