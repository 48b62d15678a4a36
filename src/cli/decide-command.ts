/**
 * `sluice decide <file.dmn> --decision <id> --vars <json> [--json]`: evaluates one decision of
 * a DMN model, without a store. With --json the result is `{"decision": <id>, "result": <value>}`
 * (plus `"warnings"` when FEEL had something to say); a failure is `{"error": {code, message}}`
 * with exit 1, and unparsable --vars exits 2. The work is `decideFile`, which tests call
 * directly.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CliFailure, type FileFinding } from './cli-errors.js';
import { action, type CliRun } from './command-context.js';
import { parseJsonObjectOption } from './json-input.js';

export interface DecideRequest {
  /** Path of the .dmn file. */
  readonly file: string;
  /** Decision (or decision service) id or name. */
  readonly decision: string;
  /** The input data as JSON text (an object); absent means no inputs. */
  readonly vars?: string;
  /** Paths of models the file imports. */
  readonly imports?: readonly string[];
}

export interface DecideJson {
  readonly decision: string;
  readonly result: unknown;
  readonly warnings?: readonly { readonly elementId: string; readonly message: string }[];
}

/**
 * Reads, parses and evaluates. Throws UsageError for unparsable --vars and CliFailure for
 * everything that stops the decision (unreadable file, invalid model, unknown decision, a
 * failing evaluation), each with a stable code.
 */
export async function decideFile(request: DecideRequest): Promise<DecideJson> {
  const variables = request.vars === undefined ? {} : parseJsonObjectOption(request.vars, '--vars');
  const [source, ...imports] = await Promise.all([request.file, ...(request.imports ?? [])].map(readDmnFile));
  const { DecisionError, evaluateDecision, parseDmn } = await import('../expr/dmn.js');
  const dmn = await parseDmn(source!, { imports });
  const errors: FileFinding[] = dmn.findings
    .filter((f) => f.severity === 'error')
    .map((f) => ({ ...f, file: request.file }));
  if (!dmn.graph) {
    throw new CliFailure(
      'invalid-model',
      `cannot read '${request.file}' as a DMN model`,
      'fix the findings listed',
      errors,
    );
  }
  try {
    const { result, warnings } = evaluateDecision(dmn, request.decision, variables);
    return {
      decision: request.decision,
      result,
      ...(warnings.length > 0 && {
        warnings: warnings.map((w) => ({ elementId: w.elementId, message: w.message })),
      }),
    };
  } catch (error) {
    if (!(error instanceof DecisionError)) throw error;
    const hint =
      error.code === 'unknown-decision'
        ? 'give --decision the id or name of a decision in the file'
        : errors.length > 0
          ? 'the model has errors; fix the findings listed'
          : 'check the input values against the decision logic';
    throw new CliFailure(
      error.code === 'unknown-decision' ? 'unknown-decision' : 'decision-failed',
      error.message,
      hint,
      error.code === 'unknown-decision' ? undefined : errors,
    );
  }
}

async function readDmnFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new CliFailure(
      'file-unreadable',
      `cannot read '${path}': ${reason}`,
      'give a DMN file (.dmn) as the argument',
    );
  }
}

interface DecideOptions {
  readonly decision: string;
  readonly vars?: string;
  readonly import?: string[];
}

/**
 * Adds `decide` to the program. main.ts passes its run (streams, exit code) and adds --json and
 * --db to every command; registered on its own, the command brings its own --json.
 */
export function registerDecide(program: Command, run?: CliRun): void {
  const standalone = run === undefined;
  const context: CliRun = run ?? {
    streams: { stdout: process.stdout, stderr: process.stderr },
    typescript: false,
    debug: process.env.SLUICE_DEBUG === '1',
    exitCode: 0,
  };
  const command = program
    .command('decide')
    .description('evaluate a decision of a DMN 1.3 model against input data; needs no store')
    .argument('<file>', 'the DMN file (.dmn)')
    .requiredOption('--decision <id>', 'the decision to evaluate (its id or name)')
    .option('--vars <json>', 'the input data as a JSON object, e.g. \'{"Age": 42}\'')
    .option('--import <files...>', 'DMN files the model imports')
    .action(
      action<[string], DecideOptions>(context, async ({ out, options }, file) => {
        const decided = await decideFile({
          file,
          decision: options.decision,
          ...(options.vars !== undefined && { vars: options.vars }),
          ...(options.import && { imports: options.import }),
        });
        out.result(decided, () => `${decided.decision}: ${JSON.stringify(decided.result)}`);
        for (const w of decided.warnings ?? []) out.note(`warning ${w.elementId}: ${w.message}`);
      }),
    );
  if (standalone) command.hook('postAction', () => void (process.exitCode = context.exitCode));
  if (standalone) command.option('--json', 'print the result as JSON on stdout, errors too ({"error": ...})');
}
