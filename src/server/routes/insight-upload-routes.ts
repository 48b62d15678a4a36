/**
 * Insight on an uploaded event log: XES (plain or gzipped) or CSV, as multipart/form-data,
 * answered with every analysis at once (the shape of `analyze`). The body has its own size
 * limit (`logUploadBytes`), larger than a JSON body's; the text after gunzip is bounded too,
 * and an XES with a DOCTYPE is refused (import-log-bytes.ts). Nothing is stored. The same
 * upload to `logs/discover` answers a BPMN model mined from the log, ready to deploy.
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { readWorkingCalendar } from '../../insight/calendar-input.js';
import { discoverProcess } from '../../insight/discovery.js';
import { importLogBytes } from '../../insight/import-log-bytes.js';
import { analyze } from '../../insight/log-analysis.js';
import { EventLogImportError } from '../../insight/log-findings.js';
import { treeText } from '../../insight/process-tree.js';
import type { ImportedLog } from '../../insight/xes-reader.js';
import { HttpProblem } from '../http/problem-details.js';
import { defineRoute } from '../http/route-spec.js';
import type { ServerEnv } from '../server-env.js';
import { analysisSchema } from './insight-schemas.js';

export const logUploadPath = '/api/v1/insight/logs';
export const logDiscoverPath = `${logUploadPath}/discover`;
/** The largest log upload, in bytes (gzip it to send more events). */
export const logUploadBytes = 32 * 1024 * 1024;
/** The most text an upload may unpack to. */
const logTextBytes = 256 * 1024 * 1024;

/** The body limit of log uploads; every other body keeps the server's own limits. */
export const logUploadLimit = (): MiddlewareHandler =>
  bodyLimit({
    maxSize: logUploadBytes,
    onError: () => {
      throw new HttpProblem(
        413,
        'body-too-large',
        `the request body is larger than ${logUploadBytes} bytes`,
        'gzip the log (.xes.gz), or analyse it with sluice mine',
      );
    },
  });

const text = (description: string) => ({ type: 'string', description }) as const;

/** The form fields that say how to read the log, shared by both routes. */
const logFields = {
  log: { type: 'string', contentMediaType: 'application/octet-stream' },
  caseColumn: text('CSV: the case column (guessed when absent)'),
  activityColumn: text('CSV: the activity column'),
  timestampColumn: text('CSV: the timestamp column'),
  resourceColumn: text('CSV: the resource column'),
  lifecycleColumn: text('CSV: the lifecycle column'),
  timestampFormat: text('CSV: iso, epoch-s, epoch-ms or a pattern like dd-mm-yyyy HH:MM:SS'),
  classifier: text('XES: a classifier of the log that makes the activity'),
} as const;

const warningSchema = z.object({
  code: z.string(),
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
  count: z.number().int().optional(),
});

const discoveredSchema = z
  .object({
    source: z.string().openapi({ description: 'The uploaded file name.' }),
    warnings: z.array(warningSchema).readonly(),
    processId: z.string(),
    tree: z.string().openapi({ description: 'The process tree the inductive miner found, as text.' }),
    bpmn: z.string().openapi({
      description:
        'BPMN 2.0 XML with diagram interchange, executable: user tasks, and exclusive splits routed on the variable `route` (docs/insight.md).',
    }),
  })
  .openapi('DiscoveredModel');

const processIdPattern = /^[A-Za-z_][\w.-]{0,199}$/;

/** A multipart body carrying the log file (field \`log\`) and the route's own fields. */
function logUpload(properties: Record<string, { type: 'string'; description?: string; enum?: string[] }>) {
  return {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object' as const,
            properties: { ...logFields, ...properties },
            required: ['log'],
          },
        },
      },
    },
  };
}

export const insightUploadRoutes = {
  analyzeLog: defineRoute({
    method: 'post',
    path: logUploadPath,
    tags: ['insight'],
    summary: 'Analyse an uploaded event log (XES, .xes.gz or CSV; multipart/form-data)',
    description: `The file goes in the field \`log\`; the other fields are optional. At most ${logUploadBytes} bytes, unpacking to at most ${logTextBytes}. A log that cannot be read answers 422 with findings (file, line, column).`,
    access: { roles: ['operator', 'modeler'] },
    problems: [422],
    request: logUpload({
      calendar: text('A calendar (JSON) to measure durations in working time'),
      period: { type: 'string', enum: ['day', 'week', 'month'] },
      top: text('How many variants to list (default 20)'),
    }),
    responses: {
      200: { description: 'The analyses.', content: { 'application/json': { schema: analysisSchema } } },
    },
  }),
  discoverLog: defineRoute({
    method: 'post',
    path: logDiscoverPath,
    tags: ['insight'],
    summary: 'Discover a deployable BPMN model from an uploaded event log (inductive miner)',
    description: `The upload is read as for \`POST ${logUploadPath}\`. The model routes each choice on the process variable \`route\`, the name of the activity a case does next; a log that cannot be read answers 422 with findings.`,
    access: { roles: ['operator', 'modeler'] },
    problems: [422],
    request: logUpload({
      processId: text('The id of the discovered process (default discovered-process)'),
    }),
    responses: {
      200: {
        description: 'The discovered model.',
        content: { 'application/json': { schema: discoveredSchema } },
      },
    },
  }),
};

interface Upload {
  readonly name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

async function readForm(request: Request): Promise<FormData> {
  if (!/^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? ''))
    throw new HttpProblem(
      415,
      'unsupported-media-type',
      'a log upload is a multipart/form-data request',
      'send the file as a form field: curl -F log=@orders.xes.gz',
    );
  try {
    return await request.formData();
  } catch {
    throw new HttpProblem(
      400,
      'invalid-multipart',
      'the multipart body could not be read',
      'let your HTTP client build the body (curl -F log=@orders.xes.gz)',
    );
  }
}

const field = (form: FormData, name: string): string | undefined => {
  const value = form.get(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 4000) : undefined;
};

/** The file in the field `log`, read with the form's column mapping; 422 when it cannot be read. */
async function importUpload(form: FormData): Promise<{ fileName: string; imported: ImportedLog }> {
  const file = form.get('log') as unknown as Upload | string | null;
  if (file === null || typeof file === 'string')
    throw new HttpProblem(
      400,
      'no-log',
      'the upload has no file in the field `log`',
      'curl -F log=@orders.xes',
    );
  const fileName = file.name.replace(/^.*[\\/]/, '').slice(0, 200) || 'upload';
  const columns: Record<string, string> = {};
  for (const role of ['case', 'activity', 'timestamp', 'resource', 'lifecycle'] as const) {
    const name = field(form, `${role}Column`);
    if (name !== undefined) columns[role] = name;
  }
  const timestampFormat = field(form, 'timestampFormat');
  const classifier = field(form, 'classifier');
  try {
    const imported = await importLogBytes(new Uint8Array(await file.arrayBuffer()), {
      fileName,
      maxTextBytes: logTextBytes,
      columns,
      ...(timestampFormat !== undefined && { timestampFormat }),
      ...(classifier !== undefined && { classifier }),
    });
    return { fileName, imported };
  } catch (error) {
    if (!(error instanceof EventLogImportError)) throw error;
    throw new HttpProblem(
      422,
      error.code,
      error.message,
      'fix the log where the findings say, or map its columns',
      {
        findings: error.findings.map((f) => ({
          severity: f.severity,
          elementId: null,
          message: f.message,
          ...(f.file !== undefined && { file: f.file }),
          ...(f.line !== undefined && { line: f.line }),
          ...(f.column !== undefined && { column: f.column }),
        })),
      },
    );
  }
}

const warningsOf = (imported: ImportedLog) =>
  imported.findings.map((f) => ({
    code: f.code,
    message: f.message,
    ...(f.line !== undefined && { line: f.line }),
    ...(f.column !== undefined && { column: f.column }),
    ...(f.count !== undefined && { count: f.count }),
  }));

export function mountInsightUploadRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(insightUploadRoutes.analyzeLog, async (c) => {
    const form = await readForm(c.req.raw);
    const period = field(form, 'period') ?? 'month';
    if (period !== 'day' && period !== 'week' && period !== 'month')
      throw new HttpProblem(
        400,
        'invalid-period',
        `period '${period}' is not day, week or month`,
        'use month',
      );
    const top = Number(field(form, 'top') ?? 20);
    if (!Number.isInteger(top) || top < 1 || top > 500)
      throw new HttpProblem(400, 'invalid-top', 'top must be a whole number from 1 to 500', 'use 20');
    const calendarText = field(form, 'calendar');
    const calendar =
      calendarText === undefined ? undefined : readWorkingCalendar(calendarText, 'the calendar field');
    const { fileName, imported } = await importUpload(form);
    const analysis = analyze(imported.log, { period, topVariants: top, ...(calendar && { calendar }) });
    return c.json({ source: fileName, warnings: warningsOf(imported), ...analysis }, 200);
  });

  app.openapi(insightUploadRoutes.discoverLog, async (c) => {
    const form = await readForm(c.req.raw);
    const processId = field(form, 'processId') ?? 'discovered-process';
    if (!processIdPattern.test(processId))
      throw new HttpProblem(
        400,
        'invalid-process-id',
        `processId '${processId.slice(0, 40)}' is not a BPMN id`,
        'start with a letter or _, then letters, digits, _, - or .',
      );
    const { fileName, imported } = await importUpload(form);
    const discovered = discoverProcess(imported.log, { processId });
    return c.json(
      {
        source: fileName,
        warnings: warningsOf(imported),
        processId,
        tree: treeText(discovered.tree),
        bpmn: discovered.bpmn,
      },
      200,
    );
  });
}
