/**
 * DMN 1.3 decisions: `parseDmn` reads a model (and the models it imports) and compiles every
 * expression in it once; `evaluateDecision` evaluates one decision, or decision service, of it
 * against input data. Evaluation is pure: no I/O, no clock (FEEL's `now()` aside).
 *
 * A decision requirement graph evaluates on demand: a decision's required decisions first,
 * each at most once per call, their results in its scope under their names (imported ones
 * under their import's name). Business knowledge models and decision services are functions
 * in the scope of whoever requires them.
 *
 * Problems in the model are findings with element ids. At evaluation, FEEL's own troubles
 * (a missing variable, `1 + "a"`) are warnings and null, as FEEL specifies; a failure of the
 * decision itself (two rules matching under UNIQUE, a limit broken) throws DecisionError.
 */
import { compileBoxed, compileFunction, enter, typed } from './boxed-expressions.js';
import type {
  DecisionModel,
  DecisionServiceModel,
  DefinitionsModel,
  DrgElement,
  KnowledgeModel,
  Requirements,
} from './dmn-model.js';
import { type DmnFinding, type ImportDeclaration, readDefinitions } from './dmn-read.js';
import {
  type CompileEnv,
  type Compiled,
  type DecisionWarning,
  ElementError,
  type Run,
  type Scope,
} from './dmn-scope.js';
import { createTypeSystem } from './dmn-types.js';
import { withinBudget, BudgetExceededError } from './feel-budget.js';
import { compileFeel } from './feel-compile.js';
import { defaultFeelLibrary, type FeelLibrary } from './feel-library.js';
import { defaultFeelLimits, type FeelLimits } from './feel-limits.js';
import { toPlain } from './feel-values.js';

export type { DmnFinding } from './dmn-read.js';
export type { DecisionWarning } from './dmn-scope.js';

export interface DecisionInfo {
  readonly id: string;
  readonly name: string;
  readonly kind: 'decision' | 'decision-service';
}

export interface ParsedDmn {
  readonly decisions: readonly DecisionInfo[];
  readonly findings: readonly DmnFinding[];
  /** Absent when the XML could not be read at all. */
  readonly graph?: DecisionGraph;
}

export interface DmnOptions {
  readonly library?: FeelLibrary;
  readonly limits?: FeelLimits;
  /** The sources of imported models; an import is matched to one by namespace. */
  readonly imports?: readonly string[];
  /** Names of the `context` variables (EvaluateOptions) the model's expressions may read. */
  readonly contextNames?: readonly string[];
  /** Wall-clock time compiling all the model's expressions may take (default 10 s). */
  readonly maxCompileMs?: number;
}

export interface DecisionResult {
  readonly result: unknown;
  readonly warnings: readonly DecisionWarning[];
}

export interface EvaluateOptions {
  /** 'plain' (the default) gives JSON-ready values; 'feel' the FEEL library's own values. */
  readonly output?: 'plain' | 'feel';
  /**
   * Variables every decision sees beside what it requires (a requirement of the same name
   * wins): how Camunda's business rule tasks hand process variables to tables that declare no
   * input data.
   */
  readonly context?: Readonly<Record<string, unknown>>;
}

/** The decision itself could not be evaluated. */
export class DecisionError extends Error {
  constructor(
    readonly code: 'unknown-decision' | 'invalid-model' | 'evaluation-failed',
    message: string,
    readonly elementId?: string,
    readonly warnings: readonly DecisionWarning[] = [],
  ) {
    super(message);
    this.name = 'DecisionError';
  }
}

/** The compiled graph: opaque to callers, read only by evaluateDecision. */
export interface DecisionGraph {
  readonly elements: ReadonlyMap<string, DrgElement>;
  readonly byName: ReadonlyMap<string, string>;
  readonly logic: ReadonlyMap<string, Compiled>;
  readonly env: CompileEnv;
  /** Elements whose evaluation can loop or recurse (and so runs under the time budget). */
  readonly loops: ReadonlySet<string>;
}

export async function parseDmn(source: string, options: DmnOptions = {}): Promise<ParsedDmn> {
  const main = await readDefinitions(source);
  const findings: DmnFinding[] = [...main.findings];
  if (!main.definitions) return { decisions: [], findings };
  const models: DefinitionsModel[] = [main.definitions];
  await readImports(
    main.imports,
    '',
    options.imports ?? [],
    models,
    findings,
    new Set([main.definitions.namespace]),
  );

  const library = options.library ?? defaultFeelLibrary;
  const elements = new Map<string, DrgElement>();
  for (const model of models) {
    for (const element of model.elements) {
      if (elements.has(element.id) && model === main.definitions) {
        findings.push({
          severity: 'error',
          elementId: element.id,
          message: `the id '${element.id}' is used twice`,
        });
      }
      if (!elements.has(element.id) || model === main.definitions) elements.set(element.id, element);
    }
  }
  const byName = new Map<string, string>();
  for (const element of main.definitions.elements) {
    if (byName.has(element.name) && element.kind !== 'input') {
      findings.push({
        severity: 'warning',
        elementId: element.id,
        message: `the name '${element.name}' is used twice`,
      });
    }
    if (!byName.has(element.name) || element.kind !== 'input') byName.set(element.name, element.id);
  }
  const env: CompileEnv = {
    library,
    limits: options.limits ?? defaultFeelLimits,
    types: createTypeSystem(
      models.flatMap((m) => m.itemDefinitions),
      library,
      options.limits,
    ),
    findings,
  };
  const logic = new Map<string, Compiled>();
  const compileAll = () => {
    for (const element of elements.values()) {
      if (element.kind === 'input' || element.kind === 'decision-service') continue;
      checkRequirements(element, elements, findings);
      const names = [
        ...(options.contextNames ?? []),
        ...visibleNames(element.requires, element.prefix, elements),
      ];
      if (element.kind === 'decision' && element.logic)
        logic.set(element.id, compileBoxed(env, element.logic, names));
      if (element.kind === 'bkm' && element.logic)
        logic.set(element.id, compileFunction(env, element.logic, names));
    }
  };
  // Each expression's parse is bounded on its own; this bounds a model made of many of them.
  const maxCompileMs = options.maxCompileMs ?? 10_000;
  try {
    withinBudget(maxCompileMs, compileAll);
  } catch (error) {
    if (!(error instanceof BudgetExceededError)) throw error;
    findings.push({
      severity: 'error',
      message: `compiling the model took longer than ${maxCompileMs} ms and was stopped; it is too big or too complex`,
    });
    return { decisions: [], findings };
  }
  for (const element of elements.values()) {
    if (element.variable.typeRef !== undefined && !env.types.knows(element.variable.typeRef)) {
      findings.push({
        severity: 'warning',
        elementId: element.id,
        message: `unknown type '${element.variable.typeRef}'; values are not checked against it`,
      });
    }
  }
  const loops = new Set<string>();
  for (const element of elements.values())
    if (canLoop(element, elements, logic, new Set())) loops.add(element.id);
  const decisions = main.definitions.elements
    .filter(
      (e): e is DecisionModel | DecisionServiceModel =>
        e.kind === 'decision' || e.kind === 'decision-service',
    )
    .map((e) => ({ id: e.id, name: e.name, kind: e.kind }));
  return { decisions, findings, graph: { elements, byName, logic, env, loops } };
}

async function readImports(
  imports: readonly ImportDeclaration[],
  prefix: string,
  sources: readonly string[],
  models: DefinitionsModel[],
  findings: DmnFinding[],
  seen: Set<string>,
): Promise<void> {
  for (const declaration of imports) {
    if (seen.has(declaration.namespace)) continue;
    const source = sources.find((s) => s.includes(`namespace="${declaration.namespace}"`));
    if (!source) {
      findings.push({
        severity: 'error',
        message: `the imported model '${declaration.namespace}' (${declaration.name}) was not given`,
      });
      continue;
    }
    const name = prefix ? `${prefix}.${declaration.name}` : declaration.name;
    const read = await readDefinitions(source, name);
    findings.push(
      ...read.findings.map((f) => ({ ...f, message: `in import '${declaration.name}': ${f.message}` })),
    );
    if (!read.definitions) continue;
    seen.add(declaration.namespace);
    models.push(read.definitions);
    await readImports(read.imports, name, sources, models, findings, seen);
  }
}

function checkRequirements(
  element: DecisionModel | KnowledgeModel,
  elements: ReadonlyMap<string, DrgElement>,
  findings: DmnFinding[],
): void {
  const { decisions, inputs, knowledge } = element.requires;
  for (const id of [...decisions, ...inputs, ...knowledge]) {
    if (!elements.has(id))
      findings.push({
        severity: 'error',
        elementId: element.id,
        message: `'${element.name}' requires '${id}', which the model does not have`,
      });
  }
}

/** The name an element is seen under from an element with `prefix`: its name, behind its import's name. */
function relativePath(element: DrgElement, prefix: string): string[] {
  const own = element.prefix;
  if (own === prefix) return [element.name];
  const rest = prefix && own.startsWith(`${prefix}.`) ? own.slice(prefix.length + 1) : own;
  return [...rest.split('.'), element.name];
}

function visibleNames(
  requires: Requirements,
  prefix: string,
  elements: ReadonlyMap<string, DrgElement>,
): string[] {
  const names = new Set<string>();
  for (const id of [...requires.decisions, ...requires.inputs, ...requires.knowledge]) {
    const element = elements.get(id);
    if (element) names.add(relativePath(element, prefix)[0]!);
  }
  return [...names];
}

function canLoop(
  element: DrgElement,
  elements: ReadonlyMap<string, DrgElement>,
  logic: ReadonlyMap<string, Compiled>,
  seen: Set<string>,
): boolean {
  if (seen.has(element.id)) return true; // a cycle: recursion
  seen.add(element.id);
  if (logic.get(element.id)?.loops) return true;
  const next = (ids: readonly string[]) =>
    ids.some((id) => {
      const other = elements.get(id);
      return other !== undefined && canLoop(other, elements, logic, new Set(seen));
    });
  switch (element.kind) {
    case 'input':
      return false;
    case 'decision':
      return next(element.requires.decisions) || next(element.requires.knowledge);
    case 'bkm':
      // A function that calls other functions can fan out exponentially without any loop.
      return element.requires.knowledge.length > 0;
    case 'decision-service':
      return next(element.outputDecisions) || next(element.encapsulatedDecisions);
  }
}

/** Evaluates one decision (or decision service), by id or by name. */
export function evaluateDecision(
  dmn: ParsedDmn,
  decision: string,
  variables: Readonly<Record<string, unknown>>,
  options: EvaluateOptions = {},
): DecisionResult {
  const graph = dmn.graph;
  if (!graph) throw new DecisionError('invalid-model', 'the model could not be read; see its findings');
  const id =
    graph.elements.get(decision)?.kind === 'decision' ||
    graph.elements.get(decision)?.kind === 'decision-service'
      ? decision
      : graph.byName.get(decision);
  const element = id === undefined ? undefined : graph.elements.get(id);
  if (!element || (element.kind !== 'decision' && element.kind !== 'decision-service')) {
    const known = dmn.decisions.map((d) => d.id).join(', ');
    throw new DecisionError(
      'unknown-decision',
      `the model has no decision '${decision}'${known ? ` (it has: ${known})` : ''}`,
    );
  }
  const run: Run = { warnings: [], depth: 0 };
  const evaluation = new Evaluation(graph, variables, run);
  if (options.context) evaluation.context = options.context;
  const work = () =>
    element.kind === 'decision' ? evaluation.decision(element, true) : evaluation.serviceFromInputs(element);
  let value: unknown;
  try {
    value = graph.loops.has(element.id)
      ? withinBudget(graph.env.limits?.maxTimeMs ?? defaultFeelLimits.maxTimeMs, work)
      : work();
  } catch (error) {
    if (error instanceof ElementError) {
      throw new DecisionError(
        'evaluation-failed',
        `decision '${element.name}' failed: ${error.message}`,
        error.elementId,
        run.warnings,
      );
    }
    if (error instanceof BudgetExceededError) {
      throw new DecisionError(
        'evaluation-failed',
        `decision '${element.name}' failed: ${error.message}`,
        element.id,
        run.warnings,
      );
    }
    throw error;
  }
  return { result: options.output === 'feel' ? value : toPlain(value), warnings: run.warnings };
}

interface Slot {
  readonly element: DrgElement;
  /** The name it is seen under, behind the names of the imports it came through. */
  readonly path: readonly string[];
}

const slotCache = new WeakMap<Requirements, Slot[]>();

/** The required elements of `requires` and their names in scope, worked out once per graph. */
function requirementSlots(graph: DecisionGraph, requires: Requirements, prefix: string): readonly Slot[] {
  let slots = slotCache.get(requires);
  if (!slots) {
    slots = [];
    for (const id of [...requires.inputs, ...requires.decisions, ...requires.knowledge]) {
      const element = graph.elements.get(id);
      if (element) slots.push({ element, path: relativePath(element, prefix) });
    }
    slotCache.set(requires, slots);
  }
  return slots;
}

const temporalConstructors: Readonly<Record<string, string>> = {
  date: 'date',
  time: 'time',
  'date and time': 'date and time',
  datetime: 'date and time',
  'days and time duration': 'duration',
  daytimeduration: 'duration',
  'years and months duration': 'duration',
  yearmonthduration: 'duration',
};

/** One call of evaluateDecision: each element's value at most once. */
class Evaluation {
  private readonly values = new Map<string, unknown>();
  context: Readonly<Record<string, unknown>> = {};

  constructor(
    private readonly graph: DecisionGraph,
    private readonly inputs: Readonly<Record<string, unknown>>,
    private readonly run: Run,
    preset?: ReadonlyMap<string, unknown>,
  ) {
    if (preset) for (const [id, value] of preset) this.values.set(id, value);
  }

  valueOf(element: DrgElement): unknown {
    if (this.values.has(element.id)) return this.values.get(element.id);
    let value: unknown;
    switch (element.kind) {
      case 'input':
        value = this.input(element);
        break;
      case 'decision':
        value = this.decision(element, false);
        break;
      case 'bkm':
        value = this.knowledge(element);
        break;
      case 'decision-service':
        value = this.serviceFunction(element);
        break;
    }
    this.values.set(element.id, value);
    return value;
  }

  private input(element: DrgElement): unknown {
    const path = element.prefix ? [...element.prefix.split('.'), element.name] : [element.name];
    let value: unknown = this.inputs;
    for (const key of path)
      value =
        value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    if (value === undefined && element.prefix) value = this.inputs[element.name];
    if (value === undefined) return null;
    value = this.fromJson(value, element.variable.typeRef);
    return typed(this.graph.env, this.run, element.id, element.variable, value);
  }

  /** A JSON string where the type wants a date, time or duration is read as one. */
  private fromJson(value: unknown, typeRef: string | undefined): unknown {
    if (typeof value !== 'string' || typeRef === undefined) return value;
    const constructor =
      temporalConstructors[
        typeRef
          .replace(/^feel:/, '')
          .trim()
          .toLowerCase()
      ];
    if (constructor === undefined) return value;
    const compiled = compileFeel(`${constructor}(value)`, {
      library: this.graph.env.library,
      names: ['value'],
    });
    const converted = compiled.evaluate({ value }).value;
    return converted ?? value;
  }

  private scope(requires: Requirements, prefix: string): Scope {
    const scope: Scope = { ...this.context };
    for (const { element, path } of requirementSlots(this.graph, requires, prefix)) {
      if (path.length === 1) {
        scope[path[0]!] = this.valueOf(element);
        continue;
      }
      let target = scope;
      for (let i = 0; i < path.length - 1; i++) {
        const next = target[path[i]!];
        target = next !== null && typeof next === 'object' ? (next as Scope) : (target[path[i]!] = {});
      }
      target[path[path.length - 1]!] = this.valueOf(element);
    }
    return scope;
  }

  decision(element: DecisionModel, top: boolean): unknown {
    const logic = this.graph.logic.get(element.id);
    if (!logic) {
      if (top) throw new ElementError(element.id, `decision '${element.name}' has no decision logic`);
      this.run.warnings.push({
        severity: 'error',
        elementId: element.id,
        message: `decision '${element.name}' has no decision logic`,
      });
      return null;
    }
    const scope = this.scope(element.requires, element.prefix);
    let value: unknown;
    try {
      value = logic.evaluate(scope, this.run);
    } catch (error) {
      if (top || !(error instanceof ElementError)) throw error;
      this.run.warnings.push({
        severity: 'error',
        elementId: error.elementId,
        message: `decision '${element.name}' failed: ${error.message}`,
      });
      return null;
    }
    return typed(this.graph.env, this.run, element.id, element.variable, value);
  }

  private knowledge(element: KnowledgeModel): unknown {
    const logic = this.graph.logic.get(element.id);
    if (!logic) return null;
    // The function closes over the knowledge it requires, evaluated when it is first needed.
    const scope = this.scope({ decisions: [], inputs: [], knowledge: [] }, element.prefix);
    const requires = element.requires;
    const fn = logic.evaluate(scope, this.run);
    const library = this.graph.env.library;
    const names = library.parameterNames(fn) ?? [];
    let resolved = false;
    return library.functionValue((...args: unknown[]) => {
      if (!resolved) {
        Object.assign(scope, this.scope(requires, element.prefix));
        resolved = true;
      }
      return enter(this.run, element.id, () => library.invoke(fn, args)?.value ?? null);
    }, names);
  }

  /** A decision service as a function of its input data and input decisions, in that order. */
  private serviceFunction(service: DecisionServiceModel): unknown {
    const parameters = [...service.inputData, ...service.inputDecisions]
      .map((id) => this.graph.elements.get(id))
      .filter((e): e is DrgElement => e !== undefined);
    return this.graph.env.library.functionValue(
      (...args: unknown[]) =>
        enter(this.run, service.id, () => {
          const preset = new Map<string, unknown>();
          for (const [i, p] of parameters.entries()) {
            const coerced = this.graph.env.types.coerce(args[i] ?? null, p.variable.typeRef);
            // As for any function: an argument that does not conform makes the result null.
            if (coerced.problem) {
              this.run.warnings.push({
                severity: 'error',
                elementId: service.id,
                message: `parameter '${p.name}': ${coerced.problem}`,
              });
              return null;
            }
            preset.set(p.id, coerced.value);
          }
          return new Evaluation(this.graph, {}, this.run, preset).serviceOutputs(service);
        }),
      parameters.map((p) => p.name),
    );
  }

  /** A decision service evaluated directly: its inputs come from the variables by name. */
  serviceFromInputs(service: DecisionServiceModel): unknown {
    const preset = new Map<string, unknown>();
    for (const id of [...service.inputData, ...service.inputDecisions]) {
      const element = this.graph.elements.get(id);
      if (!element) continue;
      const given = this.inputs[element.name];
      preset.set(
        id,
        typed(
          this.graph.env,
          this.run,
          id,
          element.variable,
          this.fromJson(given ?? null, element.variable.typeRef),
        ),
      );
    }
    return new Evaluation(this.graph, this.inputs, this.run, preset).serviceOutputs(service);
  }

  serviceOutputs(service: DecisionServiceModel): unknown {
    const outputs = service.outputDecisions
      .map((id) => this.graph.elements.get(id))
      .filter((e): e is DecisionModel => e?.kind === 'decision');
    if (outputs.length === 1) return this.valueOf(outputs[0]!);
    const result: Record<string, unknown> = {};
    for (const output of outputs) result[output.name] = this.valueOf(output);
    return result;
  }
}
