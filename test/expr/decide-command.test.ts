import { Command } from 'commander';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodes, toFailure } from '../../src/cli/cli-errors.js';
import type { CliRun } from '../../src/cli/command-context.js';
import { decideFile, registerDecide } from '../../src/cli/decide-command.js';
import { matching, like, anyString } from './dmn-model.js';

const fixture = join(import.meta.dirname, 'fixtures', 'discount.dmn');

/** What `sluice decide` would exit with and print under --json for an error. */
async function failureOf(work: Promise<unknown>) {
  try {
    await work;
  } catch (error) {
    return toFailure(error, 'decide');
  }
  throw new Error('expected a failure');
}

describe('sluice decide <file.dmn> --decision <id> --vars <json>', () => {
  it('evaluates the decision and answers {decision, result}', async () => {
    await expect(
      decideFile({ file: fixture, decision: 'discount', vars: '{"Tier": "gold", "Order Total": 250}' }),
    ).resolves.toEqual({
      decision: 'discount',
      result: 0.1,
    });
    // By name too, and with no match the result is null.
    await expect(
      decideFile({ file: fixture, decision: 'Discount', vars: '{"Tier": "bronze", "Order Total": 5}' }),
    ).resolves.toEqual({
      decision: 'Discount',
      result: null,
    });
  });

  it('reports warnings alongside the result when FEEL had something to say', async () => {
    const decided = await decideFile({
      file: fixture,
      decision: 'discount',
      vars: '{"Tier": "gold", "Order Total": "lots"}',
    });
    expect(decided.result).toBeNull();
    expect(decided.warnings?.[0]).toEqual({
      elementId: 'input1',
      message: matching(/does not conform to type 'number'/),
    });
  });

  it('fails with exit 1 and a code when the evaluation fails (two rules match under UNIQUE)', async () => {
    const failure = await failureOf(
      decideFile({ file: fixture, decision: 'discount', vars: '{"Tier": "gold", "Order Total": 1500}' }),
    );
    expect(failure).toEqual(
      like({
        exitCode: exitCodes.failed,
        code: 'decision-failed',
        message: matching(/hit policy UNIQUE: rules 1 and 4 both match/),
      }),
    );
  });

  it('fails with exit 1 for an unknown decision or an unreadable file, and exit 2 for --vars that is not JSON', async () => {
    expect(await failureOf(decideFile({ file: fixture, decision: 'nope' }))).toEqual(
      like({ exitCode: 1, code: 'unknown-decision', message: matching(/it has: discount/) }),
    );
    expect(await failureOf(decideFile({ file: 'missing.dmn', decision: 'discount' }))).toEqual(
      like({ exitCode: 1, code: 'file-unreadable' }),
    );
    expect(
      await failureOf(decideFile({ file: fixture, decision: 'discount', vars: '{"Tier": gold}' })),
    ).toEqual(like({ exitCode: 2, code: 'invalid-json', message: matching(/--vars is not valid JSON/) }));
    expect(await failureOf(decideFile({ file: fixture, decision: 'discount', vars: '[1]' }))).toEqual(
      like({ exitCode: 2, code: 'invalid-variables' }),
    );
  });

  it('is a command that prints exactly the JSON document under --json', async () => {
    const out: string[] = [];
    const run: CliRun = {
      streams: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: () => true } },
      typescript: true,
      debug: false,
      exitCode: 0,
    };
    const program = new Command('sluice').exitOverride();
    registerDecide(program, run);
    program.commands[0]!.option('--json', 'as main.ts adds it');
    await program.parseAsync(
      ['decide', fixture, '--decision', 'discount', '--vars', '{"Tier":"silver","Order Total":1}', '--json'],
      { from: 'user' },
    );
    expect(JSON.parse(out.join(''))).toEqual({ decision: 'discount', result: 0.02 });
    expect(run.exitCode).toBe(0);

    out.length = 0;
    await program.parseAsync(
      ['decide', fixture, '--decision', 'discount', '--vars', '{"Tier":"gold","Order Total":1500}', '--json'],
      { from: 'user' },
    );
    expect(JSON.parse(out.join(''))).toEqual({
      error: like({ code: 'decision-failed', message: anyString() }),
    });
    expect(run.exitCode).toBe(1);
  });
});
