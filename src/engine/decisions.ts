/**
 * Deployed DMN decisions: files deploy beside BPMN, each decision of a file becomes a version
 * of its own (identical content keeps its version, as for processes), and business rule tasks
 * evaluate them by id, latest or a pinned version. Parsed models are cached by content hash,
 * so a decision evaluated a thousand times is compiled once.
 */
import { createHash } from 'node:crypto';
import { type DmnFinding, evaluateDecision, parseDmn, type ParsedDmn } from '../expr/dmn.js';
import type { DecisionModel } from '../expr/dmn-model.js';
import { type Finding, hasErrors } from '../model/findings.js';
import type { DecisionRecord, Store } from '../store/store.js';
import type { Clock } from './clock.js';
import type { DeployFile, DeployResult } from './definitions.js';
import { SluiceError } from './errors.js';

export interface DeployedDecision {
  readonly decisionId: string;
  readonly version: number;
  /** False when identical content was deployed before and that version is returned. */
  readonly created: boolean;
}

export interface DecisionEvaluation {
  readonly decision: DecisionRecord;
  readonly result: unknown;
  /** For each rule result: is the decision a multi-hit table, and what are its output names? */
  readonly shape: { readonly multiHit: boolean; readonly outputs: readonly string[] };
}

const cacheSize = 200;

/** A DMN file: by its extension, or by the DMN namespace in its text. */
export const isDmnFile = (file: DeployFile): boolean =>
  /\.dmn$/i.test(file.name) || /https:\/\/www\.omg\.org\/spec\/DMN\//.test(textOf(file).slice(0, 2000));

const textOf = (file: DeployFile): string =>
  typeof file.content === 'string' ? file.content : Buffer.from(file.content).toString('utf8');

export class Decisions {
  private readonly parsed = new Map<string, Promise<ParsedDmn>>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Reads every DMN file; the findings say what is wrong, with the file and element. */
  async check(files: readonly DeployFile[]): Promise<{
    findings: (Finding & { file?: string })[];
    save: () => Promise<DeployedDecision[]>;
  }> {
    const findings: (Finding & { file?: string })[] = [];
    const ready: { source: string; file: string; dmn: ParsedDmn }[] = [];
    for (const file of files) {
      const source = textOf(file);
      const dmn = await this.parse(source);
      findings.push(...dmn.findings.map((f) => findingOf(f, file.name)));
      if (dmn.graph && dmn.decisions.length === 0)
        findings.push({ severity: 'error', message: 'the file has no decision', file: file.name });
      ready.push({ source, file: file.name, dmn });
    }
    return { findings, save: () => this.save(ready) };
  }

  private async save(ready: { source: string; file: string; dmn: ParsedDmn }[]): Promise<DeployedDecision[]> {
    const deployed: DeployedDecision[] = [];
    for (const { source, file, dmn } of ready) {
      for (const info of dmn.decisions) {
        const { decision, created } = await this.store.deployDecision({
          decisionId: info.id,
          name: info.name,
          hash: hashOf(source),
          resourceName: file,
          source,
          deployedAt: this.clock.now(),
        });
        deployed.push({ decisionId: decision.decisionId, version: decision.version, created });
      }
    }
    return deployed;
  }

  list(): ReturnType<Store['listDecisions']> {
    return this.store.listDecisions();
  }

  /** Evaluates a deployed decision, the latest version unless one is given. */
  async evaluate(
    decisionId: string,
    variables: Readonly<Record<string, unknown>>,
    version?: number,
  ): Promise<DecisionEvaluation> {
    const decision = await this.store.findDecision(decisionId, version);
    if (!decision) {
      throw new SluiceError(
        'not-found',
        'decision-not-found',
        version === undefined
          ? `no decision with id '${decisionId}' is deployed`
          : `decision '${decisionId}' has no version ${version}`,
        "deploy the DMN file beside the process ('sluice deploy model.bpmn rules.dmn')",
      );
    }
    // Like Camunda, a table sees the process variables, whether or not it declares them as input data.
    const names = Object.keys(variables).filter((name) => decision.source.includes(name));
    const dmn = await this.parse(decision.source, names);
    const { result } = evaluateDecision(dmn, decisionId, variables, { context: variables });
    return { decision, result, shape: shapeOf(dmn, decisionId) };
  }

  private parse(source: string, contextNames: readonly string[] = []): Promise<ParsedDmn> {
    const key = `${hashOf(source)}\0${[...contextNames].sort().join('\0')}`;
    let dmn = this.parsed.get(key);
    if (dmn) {
      this.parsed.delete(key);
    } else {
      dmn = parseDmn(source, { contextNames });
      if (this.parsed.size >= cacheSize) this.parsed.delete(this.parsed.keys().next().value!);
    }
    this.parsed.set(key, dmn);
    return dmn;
  }
}

const hashOf = (source: string): string => createHash('sha256').update(source).digest('hex');

function findingOf(finding: DmnFinding, file: string): Finding & { file?: string } {
  return {
    severity: finding.severity,
    message: finding.message,
    ...(finding.elementId !== undefined && { elementId: finding.elementId }),
    ...(finding.line !== undefined && { line: finding.line }),
    ...(finding.column !== undefined && { column: finding.column }),
    file,
  };
}

const multiHitPolicies = new Set(['COLLECT', 'RULE ORDER', 'OUTPUT ORDER']);

/** How the decision's result splits into rule results, for Camunda 7's mapDecisionResult. */
function shapeOf(dmn: ParsedDmn, decisionId: string): DecisionEvaluation['shape'] {
  const element = dmn.graph?.elements.get(decisionId) as DecisionModel | undefined;
  const logic = element?.kind === 'decision' ? element.logic : undefined;
  if (logic?.kind === 'decision-table') {
    return {
      multiHit: multiHitPolicies.has(logic.hitPolicy) && logic.aggregation === undefined,
      outputs: logic.outputs.map(
        (o, i) => o.name ?? (logic.outputs.length === 1 ? element!.name : `output${i + 1}`),
      ),
    };
  }
  return { multiHit: false, outputs: [element?.name ?? decisionId] };
}

/**
 * Deploys BPMN and DMN files together: every file is checked before anything is stored, so a
 * broken decision table keeps the processes that call it from deploying, and the other way round.
 */
export async function deployWithDecisions(
  decisions: Decisions,
  files: readonly DeployFile[],
  deployBpmn: (files: readonly DeployFile[]) => Promise<DeployResult>,
): Promise<DeployResult & { readonly decisions: DeployedDecision[] }> {
  const dmnFiles = files.filter(isDmnFile);
  const checked = await decisions.check(dmnFiles);
  if (hasErrors(checked.findings)) {
    throw new SluiceError(
      'invalid',
      'model-invalid',
      `the decisions have ${checked.findings.filter((f) => f.severity === 'error').length} error(s); nothing was deployed`,
      'fix the findings listed and deploy again',
      checked.findings,
    );
  }
  const bpmn = files.filter((file) => !isDmnFile(file));
  const processes = bpmn.length > 0 ? await deployBpmn(bpmn) : { deployed: [], findings: [] };
  return {
    ...processes,
    findings: [...processes.findings, ...checked.findings],
    decisions: await checked.save(),
  };
}
