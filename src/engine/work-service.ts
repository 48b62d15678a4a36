/**
 * People and work in the engine: the task router and the notifier, and what callers do with
 * work beyond the task lifecycle: the directory, forms checked before a completion is
 * submitted, attachments, piles, the in-app feed and the task's work view (RACI, SLA, offer).
 * createSluice wires one of these; it holds no global state.
 */
import type { Kysely } from 'kysely';
import type { Command, TaskAction, TaskHold } from '../core/types.js';
import type { Store, TaskRecord } from '../store/store.js';
import type { Directory } from '../work/directory/directory.js';
import type { SnapshotOptions } from '../work/directory/directory-snapshot.js';
import { kyselyDirectory } from '../work/directory/kysely-directory.js';
import type { DirectoryTables } from '../work/directory/directory-tables.js';
import { embeddedForm, embeddedFormPrefix } from '../work/forms/embedded-form.js';
import type { FormSchema } from '../work/forms/form-schema.js';
import { validateForm } from '../work/forms/validate-form.js';
import type { Clock } from './clock.js';
import type { Definitions } from './definitions.js';
import { SluiceError } from './errors.js';
import { type FeedItem, Notifier, type NotifierOptions } from './notifier.js';
import { TaskRouter } from './task-router.js';
import { workDatabase, type WorkDb } from './work-store.js';

export interface WorkOptions extends NotifierOptions {
  /** Default: the directory tables in the engine's own store. */
  readonly directory?: Directory;
  readonly snapshot?: SnapshotOptions;
  /** Forms by id, besides those deployed with `work.deployForm`. */
  readonly forms?: Readonly<Record<string, FormSchema>>;
  /** Largest attachment accepted, in bytes (default 10 MiB). */
  readonly maxAttachmentBytes?: number;
}

export interface AttachmentInfo {
  readonly id: string;
  readonly taskId: string;
  readonly name: string;
  readonly mediaType: string;
  readonly size: number;
  readonly actor?: string;
  readonly createdAt: number;
}

/** What the work layer knows of an open task, beyond its row: shown with the task. */
export interface TaskWorkView {
  readonly raci?: TaskHold['raci'];
  readonly excluded?: readonly string[];
  /** Consulted people who approved (see `sluice:consulted-must-approve`). */
  readonly approvedBy?: readonly string[];
  readonly sla?: {
    readonly dueAt: number;
    readonly paused: boolean;
    readonly reached?: number;
    readonly steps: readonly { percent: number; at: number; breach: boolean }[];
  };
}

export interface WorkApi {
  readonly directory: Directory;
  /** Builds the directory snapshot again (call after changing the directory behind the engine's back). */
  refreshDirectory(): void;
  deployForm(schema: FormSchema): Promise<{ id: string }>;
  form(formKey: string): Promise<FormSchema | undefined>;
  attach(
    taskId: string,
    file: { name: string; mediaType?: string; content: Uint8Array },
    by?: { actor?: string },
  ): Promise<AttachmentInfo>;
  attachments(taskId: string): Promise<AttachmentInfo[]>;
  attachment(id: string): Promise<(AttachmentInfo & { content: Uint8Array }) | undefined>;
  /**
   * Pre-do: records the work of a later user task of the case (`sluice:predo="true"`) before
   * it is enabled; when the task arrives it completes at once with these variables, by `actor`.
   */
  predo(
    instanceId: string,
    elementId: string,
    work: { actor: string; variables?: Record<string, unknown>; reason?: string },
  ): Promise<void>;
  /** Piled execution: every new task of the activity goes to this person (undefined stops it). */
  pile(processId: string, elementId: string, user: string | undefined): Promise<void>;
  notifications(user: string, options?: { unread?: boolean; limit?: number }): Promise<FeedItem[]>;
  markRead(user: string, ids: readonly string[]): Promise<number>;
  /** Sends what the outbox holds now (tests, and callers that do not `run()`). */
  sendNotifications(): Promise<number>;
  taskWork(taskId: string): Promise<TaskWorkView | undefined>;
}

const defaultMaxAttachment = 10 * 1024 * 1024;

/** Camunda references a linked form as `camunda-forms:deployment:x.form` or by formId; both name the form's id. */
const formIdOf = (formKey: string): string =>
  formKey.replace(/^camunda-forms:(deployment|bpmn):/, '').replace(/\.form$/, '');

export interface WorkParts {
  readonly api: WorkApi;
  readonly router: TaskRouter;
  readonly notifier: Notifier;
  /** Refuses, before it is submitted, what the core cannot judge: a form's values, a claim past capacity. */
  check(task: TaskRecord, action: TaskAction, actor: string | undefined): Promise<void>;
}

export function createWork(
  store: Store,
  definitions: Definitions,
  clock: Clock,
  newId: () => string,
  submit: (command: Command) => Promise<unknown>,
  options: WorkOptions,
  pollMs: number,
  onError: (error: unknown) => void,
): WorkParts {
  const db = (): WorkDb => workDatabase(store);
  let directory: Directory | undefined = options.directory;
  const directoryOf = (): Directory =>
    (directory ??= kyselyDirectory(db() as unknown as Kysely<DirectoryTables>));
  const router = new TaskRouter(store, db, definitions, clock, lazyDirectory(directoryOf), options.snapshot);
  const managed: Directory = {
    ...lazyDirectory(directoryOf),
    async apply(changes, applyOptions) {
      const summary = await directoryOf().apply(changes, applyOptions);
      router.invalidate();
      return summary;
    },
  };
  const notifier = new Notifier(store, db, clock, () => router.snapshot(), options, pollMs, onError);
  const maxBytes = options.maxAttachmentBytes ?? defaultMaxAttachment;

  const openTask = async (taskId: string): Promise<TaskRecord> => {
    const task = await store.getTask(taskId);
    if (!task)
      throw new SluiceError(
        'not-found',
        'task-not-found',
        `no task has id '${taskId}'`,
        "list open tasks with 'sluice tasks'",
      );
    return task;
  };

  const form = async (formKey: string): Promise<FormSchema | undefined> => {
    const id = formIdOf(formKey);
    const given = options.forms?.[formKey] ?? options.forms?.[id];
    if (given) return given;
    const row = await db().selectFrom('work_forms').select('schema').where('id', '=', id).executeTakeFirst();
    return row && (JSON.parse(row.schema) as FormSchema);
  };

  // Definitions never change, so a model's embedded form is read once per version.
  const embedded = new Map<string, Promise<FormSchema | undefined>>();
  type Version = Pick<TaskRecord, 'processId' | 'version'>;
  const embeddedOf = (task: Version, formKey: string): Promise<FormSchema | undefined> => {
    const cacheKey = `${task.processId}:${task.version}:${formKey}`;
    let schema = embedded.get(cacheKey);
    if (!schema) {
      schema = store.findDefinition(task.processId, task.version).then(async (definition) => {
        if (definition?.sourceKind !== 'bpmn') return undefined;
        return ((await embeddedForm(definition.source, formKey)) as FormSchema | null) ?? undefined;
      });
      schema.catch(() => embedded.delete(cacheKey));
      embedded.set(cacheKey, schema);
    }
    return schema;
  };
  /** The form a task's key names: embedded in its model (`camunda-forms:bpmn:`), else given or deployed, else embedded. */
  const taskForm = async (task: Version, formKey: string): Promise<FormSchema | undefined> =>
    (formKey.startsWith(embeddedFormPrefix) ? undefined : await form(formKey)) ?? embeddedOf(task, formKey);

  /** Refuses variables the form does not accept, every problem named; `what` says what was refused. */
  const checkForm = async (
    task: Version,
    formKey: string,
    variables: Record<string, unknown>,
    context: Record<string, unknown>,
    what: string,
  ): Promise<void> => {
    const schema = await taskForm(task, formKey);
    if (!schema) return; // a key that names no known form: an external form, not checked here
    const problems = validateForm(schema, variables, { context });
    if (problems.length > 0)
      throw new SluiceError(
        'invalid',
        'form-invalid',
        `${what}: its form '${formIdOf(formKey)}' refuses the variables: ${problems
          .map((p) => `${p.field} ${p.code} (${p.message})`)
          .join('; ')}`,
        'send the variables the form asks for, with the right types, and nothing else',
        problems.map((p) => ({ severity: 'error', message: `${p.field} ${p.code}: ${p.message}` })),
      );
  };

  const info = (row: {
    id: string;
    task_id: string;
    name: string;
    media_type: string;
    size: number;
    actor: string | null;
    created_at: number;
  }): AttachmentInfo => ({
    id: row.id,
    taskId: row.task_id,
    name: row.name,
    mediaType: row.media_type,
    size: Number(row.size),
    ...(row.actor !== null && { actor: row.actor }),
    createdAt: Number(row.created_at),
  });

  const api: WorkApi = {
    directory: managed,
    refreshDirectory: () => router.invalidate(),
    async deployForm(schema) {
      if (typeof schema.id !== 'string' || schema.id === '')
        throw new SluiceError(
          'invalid',
          'form-without-id',
          'a form needs an id to be deployed',
          'set "id" in the form-js JSON (the id formKey or formId names)',
        );
      await db().deleteFrom('work_forms').where('id', '=', schema.id).execute();
      await db()
        .insertInto('work_forms')
        .values({ id: schema.id, schema: JSON.stringify(schema), deployed_at: clock.now() })
        .execute();
      return { id: schema.id };
    },
    form,
    async attach(taskId, file, by = {}) {
      const task = await openTask(taskId);
      if (file.content.byteLength > maxBytes)
        throw new SluiceError(
          'invalid',
          'attachment-too-large',
          `attachment '${file.name}' has ${file.content.byteLength} bytes; the limit is ${maxBytes}`,
          'attach a smaller file, or a link to it',
        );
      if (file.name.trim() === '')
        throw new SluiceError(
          'invalid',
          'attachment-without-name',
          'an attachment needs a file name',
          'give the file a name',
        );
      const row = {
        id: newId(),
        task_id: taskId,
        instance_id: task.instanceId,
        name: file.name,
        media_type: file.mediaType ?? 'application/octet-stream',
        size: file.content.byteLength,
        content: Buffer.from(file.content).toString('base64'),
        actor: by.actor ?? null,
        created_at: clock.now(),
      };
      // The content is written first; the step records it in history, or the row is taken back.
      await db().insertInto('task_attachments').values(row).execute();
      try {
        await submit({
          type: 'task',
          instanceId: task.instanceId,
          taskId,
          action: { op: 'attach', attachmentId: row.id, name: row.name, size: row.size },
          ...(by.actor !== undefined && { actor: by.actor }),
        });
      } catch (error) {
        await db().deleteFrom('task_attachments').where('id', '=', row.id).execute();
        throw error;
      }
      return info(row);
    },
    async attachments(taskId) {
      const rows = await db()
        .selectFrom('task_attachments')
        .select(['id', 'task_id', 'name', 'media_type', 'size', 'actor', 'created_at'])
        .where('task_id', '=', taskId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(info);
    },
    async attachment(id) {
      const row = await db()
        .selectFrom('task_attachments')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && { ...info(row), content: new Uint8Array(Buffer.from(row.content, 'base64')) };
    },
    async predo(instanceId, elementId, work) {
      const record = await store.loadInstance(instanceId);
      if (record) {
        const { state } = record;
        const { graph } = await definitions.graph(state.processId, state.version);
        const element = graph.elements[elementId];
        if (element?.kind === 'userTask' && element.formKey !== undefined)
          await checkForm(
            state,
            element.formKey,
            work.variables ?? {},
            state.scopes[state.id]?.vars ?? {},
            `'${elementId}' cannot be done ahead`,
          );
      }
      await submit({
        type: 'task',
        instanceId,
        taskId: `predo:${elementId}`,
        action: { op: 'predo', elementId, ...(work.variables && { variables: work.variables }) },
        actor: work.actor,
        ...(work.reason !== undefined && { reason: work.reason }),
      });
    },
    async pile(processId, elementId, user) {
      await db()
        .deleteFrom('work_piles')
        .where('process_id', '=', processId)
        .where('element_id', '=', elementId)
        .execute();
      if (user !== undefined)
        await db()
          .insertInto('work_piles')
          .values({ process_id: processId, element_id: elementId, user_id: user })
          .execute();
    },
    notifications: (user, feedOptions) => notifier.feed(user, feedOptions),
    markRead: (user, ids) => notifier.markRead(user, ids),
    sendNotifications: () => notifier.sendPending(),
    async taskWork(taskId) {
      const task = await store.getTask(taskId);
      const record = task && (await store.loadInstance(task.instanceId));
      const hold =
        record &&
        Object.values(record.state.tokens).find((t) => t.wait?.kind === 'task' && t.wait.taskId === taskId)
          ?.task;
      if (!hold) return undefined;
      return {
        ...(hold.raci && { raci: hold.raci }),
        ...(hold.excluded && { excluded: hold.excluded }),
        ...(hold.approvedBy && { approvedBy: hold.approvedBy }),
        ...(hold.sla && {
          sla: {
            dueAt: hold.sla.dueAt,
            paused: hold.sla.pausedAt !== undefined,
            ...(hold.sla.reached !== undefined && { reached: hold.sla.reached }),
            steps: hold.sla.steps.map((s) => ({ percent: s.percent, at: s.at, breach: s.breach })),
          },
        }),
      };
    },
  };

  async function check(task: TaskRecord, action: TaskAction, actor: string | undefined): Promise<void> {
    if (action.op === 'complete' && task.formKey !== undefined)
      await checkForm(
        task,
        task.formKey,
        action.variables ?? {},
        task.variables,
        `task '${task.id}' cannot complete`,
      );
    if (action.op === 'claim' && actor !== undefined && task.assignee === undefined) {
      const snapshot = await router.snapshot();
      const capacity = snapshot.users.get(actor)?.capacity;
      if (capacity === undefined) return;
      const held = await store.countTasks({ assignee: actor });
      if (held >= capacity)
        throw new SluiceError(
          'rejected',
          'at-capacity',
          `'${actor}' holds ${held} open tasks, their capacity is ${capacity}: they cannot claim task '${task.id}'`,
          'complete or hand over a task first, or raise their capacity in the directory',
        );
    }
  }

  return { api, router, notifier, check };
}

/** The directory, opened on first use (the store's tables, unless one was given). */
function lazyDirectory(directoryOf: () => Directory): Directory {
  return {
    user: (id) => directoryOf().user(id),
    users: (filter) => directoryOf().users(filter),
    group: (id) => directoryOf().group(id),
    groups: (filter) => directoryOf().groups(filter),
    memberships: (filter) => directoryOf().memberships(filter),
    skills: (filter) => directoryOf().skills(filter),
    calendar: (id) => directoryOf().calendar(id),
    calendars: () => directoryOf().calendars(),
    absences: (filter) => directoryOf().absences(filter),
    apply: (changes, applyOptions) => directoryOf().apply(changes, applyOptions),
    load: () => directoryOf().load(),
  };
}
