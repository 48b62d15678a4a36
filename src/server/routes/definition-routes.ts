/**
 * Deployed processes and their versions, and deployments: a multipart upload of one or more
 * BPMN files, all deployed or none. Uploads are checked before the model reader sees them:
 * size, count, file kind, and no DOCTYPE (so no entity expansion, external or otherwise).
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { DeployFile } from '../../engine/definitions.js';
import { importBpmn } from '../../model/index.js';
import { loaded } from '../access/object-rules.js';
import { listJson, pageOf, pageQuery } from '../http/paging.js';
import { findingView, HttpProblem } from '../http/problem-details.js';
import { defineRoute } from '../http/route-spec.js';
import {
  definitionSchema,
  definitionSourceSchema,
  definitionSourceView,
  definitionView,
} from '../http/views.js';
import type { ServerEnv, ServerServices } from '../server-env.js';

const processParam = z.object({ processId: z.string().min(1).max(200) });

const deployed = z
  .object({
    deployed: z.array(z.object({ processId: z.string(), version: z.number().int(), created: z.boolean() })),
    decisions: z.array(z.object({ decisionId: z.string(), version: z.number().int(), created: z.boolean() })),
    findings: z.array(
      z.object({
        severity: z.enum(['error', 'warning']),
        elementId: z.string().nullable(),
        message: z.string(),
        file: z.string().optional(),
        line: z.number().int().optional(),
        column: z.number().int().optional(),
      }),
    ),
  })
  .openapi('Deployment');

export const uploadPath = '/api/v1/deployments';

export const definitionRoutes = {
  list: defineRoute({
    method: 'get',
    path: '/api/v1/definitions',
    tags: ['definitions'],
    summary: 'Every deployed version of every process of the caller’s tenant',
    access: { roles: 'signed-in', scope: 'the processes of the caller’s tenant' },
    request: { query: z.object({ processId: z.string().max(200).optional(), ...pageQuery }) },
    responses: {
      200: {
        description: 'A page of definitions, by process id then version.',
        content: { 'application/json': { schema: pageOf(definitionSchema, 'DefinitionPage') } },
      },
    },
  }),
  versions: defineRoute({
    method: 'get',
    path: '/api/v1/definitions/{processId}',
    tags: ['definitions'],
    summary: 'The versions of one process, newest first',
    access: { roles: 'signed-in', object: 'definition' },
    request: { params: processParam },
    responses: {
      200: {
        description: 'The versions.',
        content: {
          'application/json': {
            schema: z
              .object({ processId: z.string(), versions: z.array(definitionSchema) })
              .openapi('DefinitionVersions'),
          },
        },
      },
    },
  }),
  version: defineRoute({
    method: 'get',
    path: '/api/v1/definitions/{processId}/versions/{version}',
    tags: ['definitions'],
    summary: 'One version, with the source it was deployed from',
    access: { roles: 'signed-in', object: 'definition' },
    request: { params: processParam.extend({ version: z.string().regex(/^[1-9]\d{0,8}$/) }) },
    responses: {
      200: {
        description: 'The version.',
        content: { 'application/json': { schema: definitionSourceSchema } },
      },
    },
  }),
  deploy: defineRoute({
    method: 'post',
    path: uploadPath,
    tags: ['definitions'],
    summary: 'Deploy BPMN and DMN files (multipart/form-data, any field name); all or none',
    description:
      'Each executable process becomes a new version; identical content keeps its version (`created: false`). A model with errors deploys nothing and answers 422 with the findings. Each decision of a DMN file (.dmn) becomes a new version of that decision the same way; other file kinds 415.',
    access: { roles: ['modeler'] },
    problems: [409, 422],
    request: {
      query: z.object({
        strict: z.enum(['true', 'false']).optional().openapi({
          description:
            'true: refuse models with code Sluice does not run (scripts, listeners), as `sluice deploy --strict`',
        }),
      }),
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: {
                files: {
                  type: 'array',
                  items: { type: 'string', contentMediaType: 'application/octet-stream' },
                },
              },
              required: ['files'],
            },
          },
        },
      },
    },
    responses: { 201: { description: 'Deployed.', content: { 'application/json': { schema: deployed } } } },
  }),
};

interface Upload {
  readonly name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

const bpmnName = /\.(bpmn|bpmn2|bpmn20\.xml|xml)$/i;

/** Reads the upload into files, refusing what the engine should never be shown. */
async function uploadedFiles(services: ServerServices, request: Request): Promise<DeployFile[]> {
  if (!/^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '')) {
    throw new HttpProblem(
      415,
      'unsupported-media-type',
      'a deployment is a multipart/form-data upload',
      'send the files as form fields, e.g. curl -F files=@order.bpmn',
    );
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new HttpProblem(
      400,
      'invalid-multipart',
      'the multipart body could not be read',
      'let your HTTP client build the multipart body (curl -F files=@model.bpmn)',
    );
  }
  const uploads = [...form.values()].filter((value) => typeof value !== 'string') as unknown as Upload[];
  const { uploadFiles } = services.config.limits;
  if (uploads.length === 0)
    throw new HttpProblem(400, 'no-files', 'the upload has no files', 'attach one or more .bpmn files');
  if (uploads.length > uploadFiles)
    throw new HttpProblem(
      413,
      'too-many-files',
      `the upload has ${uploads.length} files; at most ${uploadFiles} deploy at once`,
      'deploy in several batches',
    );
  const files: DeployFile[] = [];
  for (const upload of uploads) {
    const name = upload.name.replace(/^.*[\\/]/, '').slice(0, 200) || 'upload.bpmn';
    if (!bpmnName.test(name) && !/\.dmn$/i.test(name)) {
      throw new HttpProblem(
        415,
        'unsupported-file-type',
        `'${name}' is not a BPMN or DMN file`,
        'upload files ending in .bpmn (or .xml) and .dmn',
      );
    }
    const content = new Uint8Array(await upload.arrayBuffer());
    refuseDoctype(name, content);
    files.push({ name, content });
  }
  return files;
}

/** BPMN needs no DTD; a DOCTYPE is how entity attacks (XXE, billion laughs) begin. */
function refuseDoctype(name: string, content: Uint8Array): void {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (
    /<!DOCTYPE|<!ENTITY/i.test(bytes.toString('latin1')) ||
    /<!DOCTYPE|<!ENTITY/i.test(bytes.toString('utf16le'))
  ) {
    throw new HttpProblem(
      422,
      'xml-doctype-refused',
      `'${name}' has a DOCTYPE or ENTITY declaration`,
      'remove the DOCTYPE: BPMN files need none, and entities are not expanded',
    );
  }
}

export function mountDefinitionRoutes(app: OpenAPIHono<ServerEnv>): void {
  app.openapi(definitionRoutes.list, async (c) => {
    const { processId, limit, after } = c.req.valid('query');
    const services = c.get('services');
    const tenant = c.get('principal')!.tenant;
    const cursor = (d: { processId: string; version: number }): string =>
      `${d.processId}@${String(d.version).padStart(9, '0')}`;
    const all = (await services.sluice.store.listDefinitions())
      .filter((d) => processId === undefined || d.processId === processId)
      .sort((a, b) => (cursor(a) < cursor(b) ? -1 : 1));
    const owned = await services.tenancy.filterOwned(
      tenant,
      all.map((d) => d.processId),
    );
    const visible = all.filter((d) => owned.has(d.processId) && (after === undefined || cursor(d) > after));
    const items = visible.slice(0, limit);
    return c.json(
      listJson({ items, ...(visible.length > limit && { next: cursor(items.at(-1)!) }) }, definitionView),
      200,
    );
  });

  app.openapi(definitionRoutes.versions, async (c) => {
    const { processId } = loaded(c, 'definition');
    const versions = (await c.get('services').sluice.store.listDefinitions())
      .filter((d) => d.processId === processId)
      .sort((a, b) => b.version - a.version);
    return c.json({ processId, versions: versions.map(definitionView) }, 200);
  });

  app.openapi(definitionRoutes.version, (c) => c.json(definitionSourceView(loaded(c, 'definition')), 200));

  app.openapi(definitionRoutes.deploy, async (c) => {
    const services = c.get('services');
    const principal = c.get('principal')!;
    const files = await uploadedFiles(services, c.req.raw);
    // Claim the process ids for the tenant before anything is stored, so no tenant can deploy
    // a new version of another tenant's process.
    const processIds: string[] = [];
    for (const file of files) {
      const imported = await importBpmn(file.content, file.name);
      processIds.push(...imported.processes.filter((p) => p.executable).map((p) => p.processId));
    }
    const taken = await services.tenancy.claim(
      principal.tenant,
      processIds,
      principal.name,
      async (id) => (await services.sluice.store.findDefinition(id)) !== undefined,
    );
    if (taken.length > 0) {
      throw new HttpProblem(
        409,
        'process-id-taken',
        `the process id ${taken.map((id) => `'${id}'`).join(', ')} belongs to another tenant`,
        'give the process another id',
      );
    }
    const result = await services.sluice.deploy(files, { strict: c.req.valid('query').strict === 'true' });
    services.logger.info({ deployed: result.deployed, by: principal.name }, 'deployed');
    return c.json(
      { deployed: result.deployed, decisions: result.decisions, findings: result.findings.map(findingView) },
      201,
    );
  });
}
