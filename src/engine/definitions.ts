/**
 * Deployments: BPMN files (or builder graphs) become versioned definitions. A model with
 * errors is refused with every finding listed; identical content deploys as the version that
 * already has it. Compiled graphs are cached per (processId, version); "latest" is looked up
 * again after a second so a version deployed by another node is picked up.
 */
import { createHash } from 'node:crypto';
import { firstOccurrence } from '../expr/timer-spec.js';
import { type Finding, NOT_EXECUTED, hasErrors } from '../model/findings.js';
import type { ProcessGraph, StartEvent } from '../model/graph.js';
import { importBpmn } from '../model/index.js';
import type { DefinitionRecord, Store, SubscriptionRecord, TimerRecord } from '../store/store.js';
import type { Clock } from './clock.js';
import { SluiceError } from './errors.js';
import { applyHistoryTtlAttribute, historyTtlFindings } from './history-ttl-attribute.js';

export interface DeployFile {
  readonly name: string;
  readonly content: string | Uint8Array;
}

export interface Deployed {
  readonly processId: string;
  readonly version: number;
  /** False when identical content was deployed before and that version is returned. */
  readonly created: boolean;
}

export interface DeployOptions {
  /**
   * Refuse models holding code Sluice does not run (scripts in other languages, listeners),
   * instead of deploying them with a warning for each.
   */
  readonly strict?: boolean;
}

export interface DeployResult {
  readonly deployed: Deployed[];
  readonly findings: (Finding & { file?: string })[];
}

const latestTtlMs = 1000;

export class Definitions {
  private readonly graphs = new Map<string, ProcessGraph>();
  private readonly latest = new Map<string, { version: number; at: number }>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: () => string,
  ) {}

  /** Parses, validates and stores every executable process of the files, or none of them. */
  async deployFiles(files: readonly DeployFile[], options: DeployOptions = {}): Promise<DeployResult> {
    const findings: DeployResult['findings'] = [];
    const processes: { graph: ProcessGraph; source: string; file: string }[] = [];
    for (const file of files) {
      const imported = await importBpmn(file.content, file.name);
      findings.push(
        ...imported.findings.map((f) => ({
          ...f,
          ...(options.strict && f.code === NOT_EXECUTED && { severity: 'error' as const }),
          file: file.name,
        })),
      );
      const source =
        typeof file.content === 'string' ? file.content : Buffer.from(file.content).toString('utf8');
      for (const process of imported.processes) {
        if (process.graph && process.executable) {
          processes.push({ graph: process.graph, source, file: file.name });
          findings.push(
            ...historyTtlFindings(source, process.graph.id).map((f) => ({ ...f, file: file.name })),
          );
        }
      }
      if (imported.parsed && imported.processes.every((p) => !p.executable)) {
        findings.push({
          severity: 'error',
          message: 'the file has no executable process (isExecutable="true")',
          file: file.name,
        });
      }
    }
    if (hasErrors(findings)) {
      throw new SluiceError(
        'invalid',
        'model-invalid',
        `the model has ${findings.filter((f) => f.severity === 'error').length} error(s); nothing was deployed`,
        options.strict && findings.some((f) => f.code === NOT_EXECUTED)
          ? 'fix the findings listed and deploy again; code Sluice does not run is refused because the deploy is strict'
          : 'fix the findings listed and deploy again',
        findings,
      );
    }
    const deployed: Deployed[] = [];
    for (const p of processes) {
      deployed.push(await this.save(p.graph, p.source, 'bpmn', p.file));
    }
    return { deployed, findings };
  }

  /** Deploys a graph made with the builder. */
  deployGraph(graph: ProcessGraph): Promise<Deployed> {
    return this.save(graph, JSON.stringify(graph), 'graph', `${graph.id}.json`);
  }

  private async save(
    graph: ProcessGraph,
    source: string,
    sourceKind: 'bpmn' | 'graph',
    resourceName: string,
  ): Promise<Deployed> {
    const hash = createHash('sha256').update(graph.id).update('\0').update(source).digest('hex');
    const now = this.clock.now();
    const { definition, created } = await this.store.deploy(
      {
        processId: graph.id,
        ...(graph.name !== undefined && { name: graph.name }),
        hash,
        resourceName,
        source,
        sourceKind,
        graph,
        deployedAt: now,
      },
      (version) => this.starts(graph, version, now),
    );
    if (created && sourceKind === 'bpmn')
      await applyHistoryTtlAttribute(this.store, source, graph.id, definition.version, now);
    this.graphs.set(`${graph.id}@${definition.version}`, definition.graph);
    this.latest.set(graph.id, { version: definition.version, at: now });
    return { processId: graph.id, version: definition.version, created };
  }

  /** The start timers and message start subscriptions a new version listens with. */
  private starts(
    graph: ProcessGraph,
    version: number,
    now: number,
  ): { timers: TimerRecord[]; messages: SubscriptionRecord[] } {
    const timers: TimerRecord[] = [];
    const messages: SubscriptionRecord[] = [];
    for (const id of graph.startEvents) {
      const { event } = graph.elements[id] as StartEvent;
      if (event.type === 'timer' && 'literal' in event.timer.value) {
        const first = firstOccurrence(event.timer.kind, event.timer.value.literal, now);
        if (!first) continue;
        timers.push({
          id: this.newId(),
          processId: graph.id,
          version,
          elementId: id,
          dueAt: first.dueAt,
          start: true,
          ...(event.timer.kind === 'cycle' && {
            repeat: { cycle: event.timer.value.literal, remaining: first.remaining ?? null },
          }),
        });
      }
      const listensTo =
        event.type === 'message' ? event.messageName : event.type === 'signal' ? event.signalName : undefined;
      if (listensTo && 'literal' in listensTo) {
        messages.push({
          id: this.newId(),
          processId: graph.id,
          version,
          elementId: id,
          channel: event.type === 'signal' ? 'signal' : 'message',
          name: listensTo.literal,
        });
      }
    }
    return { timers, messages };
  }

  /** The graph of a version, or of the latest version when `version` is 0 or omitted. */
  async graph(processId: string, version = 0): Promise<{ graph: ProcessGraph; version: number }> {
    const resolved = version > 0 ? version : await this.latestVersion(processId);
    const key = `${processId}@${resolved}`;
    let graph = this.graphs.get(key);
    if (!graph) {
      const definition = await this.store.findDefinition(processId, resolved);
      if (!definition) throw notDeployed(processId, version);
      graph = definition.graph;
      this.graphs.set(key, graph);
    }
    return { graph, version: resolved };
  }

  private readonly refreshing = new Map<string, Promise<number>>();

  /** The newest version, read again once a second; concurrent callers share one read. */
  private latestVersion(processId: string): Promise<number> {
    const cached = this.latest.get(processId);
    const now = this.clock.now();
    if (cached && now - cached.at < latestTtlMs && now >= cached.at) return Promise.resolve(cached.version);
    let pending = this.refreshing.get(processId);
    if (!pending) {
      pending = (async () => {
        const definition = await this.store.findDefinition(processId);
        if (!definition) throw notDeployed(processId, 0);
        this.graphs.set(`${processId}@${definition.version}`, definition.graph);
        this.latest.set(processId, { version: definition.version, at: now });
        return definition.version;
      })().finally(() => this.refreshing.delete(processId));
      this.refreshing.set(processId, pending);
    }
    return pending;
  }

  list(): Promise<Omit<DefinitionRecord, 'source' | 'graph'>[]> {
    return this.store.listDefinitions();
  }
}

function notDeployed(processId: string, version: number): SluiceError {
  return new SluiceError(
    'not-found',
    'process-not-found',
    version > 0
      ? `process '${processId}' has no version ${version}`
      : `no process with id '${processId}' is deployed`,
    "list deployed processes with 'sluice definitions', or deploy the model first with 'sluice deploy <file.bpmn>'",
  );
}
