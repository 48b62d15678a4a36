import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DefinitionJson,
  DeployJson,
  ErrorJson,
  InstanceSummaryJson,
  StartJson,
} from '../../src/cli/json-views.js';
import { fixture, sandbox, sluice as sluiceWithoutStore, anyString, containing } from './sluice-process.js';

describe('given a store with one deployed process and one running instance, bad input', () => {
  const { sluice, remove } = sandbox();
  let instanceId: string;

  beforeAll(async () => {
    expect((await sluice('deploy', fixture('expense-approval.bpmn'))).code).toBe(0);
    instanceId = (await sluice<StartJson>('start', 'expense-approval', '--json')).json.instanceId;
  });
  afterAll(remove);

  it('is refused with a message that names the problem and an exit code that says failed or usage', async () => {
    const [
      malformed,
      malformedJson,
      invalidModel,
      unknownProcess,
      badVars,
      badVar,
      arrayVars,
      unknownOption,
      missingArgument,
      badNumber,
      postgres,
    ] = await Promise.all([
      sluice('deploy', fixture('malformed.bpmn')),
      sluice<DeployJson & ErrorJson>(
        'deploy',
        fixture('malformed.bpmn'),
        fixture('expense-approval.bpmn'),
        '--json',
      ),
      sluice<DeployJson & ErrorJson>('deploy', fixture('service-task-without-type.bpmn'), '--json'),
      sluice<ErrorJson>('start', 'no-such-process', '--json'),
      sluice('start', 'expense-approval', '--vars', '{"amount": 12,}'),
      sluice('start', 'expense-approval', '--var', 'amount'),
      sluice<ErrorJson>('start', 'expense-approval', '--vars', '[1, 2]', '--json'),
      sluice('instances', '--colour', 'red'),
      sluice<ErrorJson>('claim', '--user', 'ann', '--json'),
      sluice('start', 'expense-approval', '--version', 'two'),
      sluiceWithoutStore('instances', '--db', 'postgres://sluice:secret@localhost/sluice'),
    ]);

    // Malformed XML: the finding names file, line and column; nothing is deployed.
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toBe(
      [
        'error: the model has 1 error(s); nothing was deployed',
        'hint: fix the findings listed and deploy again',
        `${fixture('malformed.bpmn')}:5:3 error: the XML is not well-formed: closing tag mismatch`,
        '',
      ].join('\n'),
    );
    expect(malformed.stdout).toBe('');
    // With a valid file beside it, still nothing is deployed: all or none.
    expect(malformedJson.code).toBe(1);
    expect(malformedJson.json).toMatchObject({
      deployed: [],
      findings: [
        {
          severity: 'error',
          elementId: null,
          message: containing('not well-formed'),
          file: fixture('malformed.bpmn'),
          line: 5,
          column: 3,
        },
      ],
      error: { code: 'model-invalid' },
    });

    // A model error names the element and where it is.
    expect(invalidModel.code).toBe(1);
    expect(invalidModel.json.findings).toEqual([
      {
        severity: 'error',
        elementId: 'PayRefund',
        message: containing('no task type'),
        file: fixture('service-task-without-type.bpmn'),
        line: 7,
        column: 5,
      },
    ]);

    expect(unknownProcess.code).toBe(1);
    expect(unknownProcess.json).toEqual({
      error: {
        code: 'process-not-found',
        message: "no process with id 'no-such-process' is deployed",
        hint: containing('sluice deploy'),
      },
    });

    // Usage errors exit 2 and name the option; JSON errors say where.
    expect(badVars.code).toBe(2);
    expect(badVars.stderr).toMatch(
      /^error: --vars is not valid JSON: .* at position 14 \(line 1, column 15\)\nhint: /,
    );
    expect(badVar.code).toBe(2);
    expect(badVar.stderr).toContain("error: --var expects key=value, got 'amount'");
    expect(arrayVars.code).toBe(2);
    expect(arrayVars.json.error).toMatchObject({
      code: 'invalid-variables',
      message: '--vars must be a JSON object of variables, got an array',
    });
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toBe(
      "error: unknown option '--colour'\nhint: run 'sluice instances --help' for usage\n",
    );
    expect(missingArgument.code).toBe(2);
    expect(missingArgument.json.error).toMatchObject({
      code: 'missing-argument',
      message: "missing required argument 'taskId'",
    });
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toContain("option '--version <n>' argument 'two' is invalid");

    // A store this build cannot open is a failure, and its password stays out of the message.
    expect(postgres.code).toBe(1);
    expect(postgres.stderr).toContain("cannot open 'postgres://sluice:***@localhost/sluice'");
    expect(postgres.stderr).not.toContain('secret');
  });

  it('changes nothing in the store', async () => {
    const [definitions, instances] = await Promise.all([
      sluice<DefinitionJson[]>('definitions', '--json'),
      sluice<InstanceSummaryJson[]>('instances', '--json'),
    ]);
    expect(definitions.json).toEqual([
      { processId: 'expense-approval', name: 'Expense approval', version: 1, deployedAt: anyString() },
    ]);
    expect(instances.json).toEqual([
      {
        id: instanceId,
        processId: 'expense-approval',
        version: 1,
        state: 'active',
        businessKey: null,
        startedAt: anyString(),
        endedAt: null,
      },
    ]);
  });
});
