/** `sluice deploy <files...>`: every executable process of the files becomes a new version, or none does. */
import type { Command } from 'commander';
import { toFailure } from './cli-errors.js';
import { action, type CliRun } from './command-context.js';
import { type DeployJson, findingView } from './json-views.js';
import { withSluice } from './open-sluice.js';
import { findingLine } from './output.js';
import { readModelFiles } from './read-files.js';

export function registerDeploy(program: Command, run: CliRun): void {
  program
    .command('deploy')
    .description(
      'deploy BPMN and DMN files: each executable process and each decision becomes a new version (identical content keeps its version)',
    )
    .argument('<files...>', 'BPMN 2.0 and DMN 1.3 files')
    .option('--strict', 'refuse models with code Sluice does not run (scripts in other languages, listeners)')
    .action(
      action<[string[]], { strict?: boolean }>(run, async ({ out, db, options }, paths) => {
        const files = await readModelFiles(paths);
        return withSluice(db, async (sluice) => {
          try {
            const { deployed, decisions, findings } = await sluice.deploy(files, {
              strict: options.strict === true,
            });
            const result: DeployJson = {
              deployed: deployed.map(({ processId, version }) => ({ processId, version })),
              findings: findings.map(findingView),
              ...(decisions.length > 0 && {
                decisions: decisions.map(({ decisionId, version }) => ({ decisionId, version })),
              }),
            };
            out.result(result, () => [
              ...decisions.map(
                (d) =>
                  `${d.created ? 'deployed' : 'unchanged'} decision ${d.decisionId} version ${d.version}`,
              ),
              ...deployed.map(
                (d) =>
                  `${d.created ? 'deployed' : 'unchanged'} ${d.processId} version ${d.version}${d.created ? '' : ' (same content as before)'}`,
              ),
            ]);
            for (const finding of findings) out.note(findingLine(finding));
          } catch (error) {
            // A refused model keeps deploy's own shape, so scripts read findings in one place.
            if ((error as { code?: unknown }).code !== 'model-invalid') throw error;
            const failure = toFailure(error, 'deploy');
            const refused: DeployJson = { deployed: [], findings: (failure.findings ?? []).map(findingView) };
            out.failure(failure, { ...refused });
            return failure.exitCode;
          }
        });
      }),
    );
}
