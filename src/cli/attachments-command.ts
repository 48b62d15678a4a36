/**
 * `sluice attach <taskId> <file>` stores a file on an open task (recorded as `task.attached`);
 * `sluice attachments <taskId>` lists a task's files.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { action, type CliRun } from './command-context.js';
import { withSluice } from './open-sluice.js';

interface AttachOptions {
  readonly user?: string;
  readonly type?: string;
  readonly name?: string;
}

export function registerAttachments(program: Command, run: CliRun): void {
  program
    .command('attach')
    .description('attach a file to an open task')
    .argument('<taskId>', 'task id (see sluice tasks)')
    .argument('<file>', 'the file to attach')
    .option('--name <name>', 'the name to store (default: the file name)')
    .option('--type <mediaType>', 'its media type (default application/octet-stream)')
    .option('--user <user>', 'who attaches it, for the audit history')
    .action(
      action<[string, string], AttachOptions>(run, async ({ out, db, options }, taskId, file) => {
        const content = await readFile(file);
        const info = await withSluice(db, (sluice) =>
          sluice.work.attach(
            taskId,
            {
              name: options.name ?? basename(file),
              content,
              ...(options.type !== undefined && { mediaType: options.type }),
            },
            options.user !== undefined ? { actor: options.user } : {},
          ),
        );
        out.result(info, () => `attached ${info.name} (${info.size} bytes) to task ${taskId} as ${info.id}`);
      }),
    );
  program
    .command('attachments')
    .description("list a task's attachments")
    .argument('<taskId>', 'task id')
    .action(
      action<[string]>(run, async ({ out, db }, taskId) => {
        const items = await withSluice(db, (sluice) => sluice.work.attachments(taskId));
        out.result({ taskId, items }, () =>
          items.length === 0
            ? `task ${taskId} has no attachments`
            : items.map((a) => `${a.id}  ${a.name}  ${a.size} bytes  ${a.mediaType}  by ${a.actor ?? '-'}`),
        );
      }),
    );
}
