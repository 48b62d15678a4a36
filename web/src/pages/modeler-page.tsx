/**
 * The bpmn-js modeler with its properties panel (BPMN, Camunda 8 attributes Sluice reads, and
 * Sluice's own), opened empty, from a deployed version, or from a file. Deploy sends the XML
 * to POST /api/v1/deployments; the validator's findings are drawn on the elements they name.
 */
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/diagram-js.css';
import Modeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  ZeebePropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import { type ChangeEvent, useEffect, useRef, useState } from 'react';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { api, ApiProblem, type Finding } from '../app/api';
import { Link } from '../app/router';
import type { DefinitionWithSource } from '../app/types';
import { ErrorNote, PageHeading } from '../app/ui';
import { decorate } from '../diagram/decorations';
import { newProcessXml } from '../diagram/new-process';
import { SluicePropertiesProviderModule, sluiceNamespace } from '../diagram/sluice-properties';
import { definitionPath } from './process-version-page';

interface Deployed {
  readonly deployed: { processId: string; version: number; created: boolean }[];
  readonly findings: Finding[];
}

interface ModelerServices {
  get(name: 'elementRegistry'): { get(id: string): unknown };
  get(name: 'selection'): { select(element: unknown): void };
  get(name: 'canvas'): { scrollToElement(element: unknown): void };
}

export default function ModelerPage({ processId, version }: { processId?: string; version?: number }) {
  const canvasHost = useRef<HTMLDivElement>(null);
  const panelHost = useRef<HTMLDivElement>(null);
  const modeler = useRef<Modeler | undefined>(undefined);
  const undecorate = useRef<() => void>(() => undefined);
  const [fileName, setFileName] = useState(processId ? `${processId}.bpmn` : 'process.bpmn');
  const [findings, setFindings] = useState<readonly Finding[]>([]);
  const [result, setResult] = useState<Deployed>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const open = async (xml: string): Promise<void> => {
    setError(undefined);
    setFindings([]);
    setResult(undefined);
    try {
      await modeler.current!.importXML(xml);
      // The canvas caches its size; a file opened after layout changes needs it measured again.
      const canvas = modeler.current!.get<{ resized(): void; zoom(mode: string, center: string): void }>(
        'canvas',
      );
      canvas.resized();
      canvas.zoom('fit-viewport', 'auto');
    } catch (e) {
      setError(e);
    }
  };

  useEffect(() => {
    const m = new Modeler({
      container: canvasHost.current!,
      propertiesPanel: { parent: panelHost.current! },
      additionalModules: [
        BpmnPropertiesPanelModule,
        BpmnPropertiesProviderModule,
        ZeebePropertiesProviderModule,
        SluicePropertiesProviderModule,
      ],
      moddleExtensions: { zeebe: zeebeModdle },
    });
    modeler.current = m;
    const initial =
      processId && version
        ? api.get<DefinitionWithSource>(definitionPath(processId, version)).then((d) => d.source)
        : Promise.resolve(newProcessXml(`process_${Date.now().toString(36)}`));
    initial.then(open, setError);
    return () => {
      m.destroy();
      modeler.current = undefined;
    };
    // A new modeler only when the page names another version.
  }, [processId, version]);

  useEffect(() => {
    undecorate.current();
    if (!modeler.current) return;
    undecorate.current = decorate(modeler.current, {
      markers: Object.fromEntries(
        findings
          .filter((f) => f.elementId)
          .map((f) => [f.elementId!, [f.severity === 'error' ? 'finding-error' : 'finding-warning']]),
      ),
      overlays: findings
        .filter((f) => f.elementId)
        .map((f) => ({
          elementId: f.elementId!,
          text: f.severity === 'error' ? '!' : '?',
          title: f.message,
          className: `finding-badge finding-${f.severity}`,
        })),
    });
  }, [findings]);

  const xml = async (): Promise<string> => {
    const definitions = (modeler.current!.getDefinitions() as { $attrs: Record<string, string> }).$attrs;
    definitions['xmlns:sluice'] ??= sluiceNamespace;
    const saved = await modeler.current!.saveXML({ format: true });
    return saved.xml ?? '';
  };

  const deploy = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const form = new FormData();
      form.append(
        'files',
        new Blob([await xml()], { type: 'application/xml' }),
        fileName.replace(/\.(bpmn|xml)$/i, '') + '.bpmn',
      );
      const deployed = await api.upload<Deployed>('/deployments', form);
      setResult(deployed);
      setFindings(deployed.findings);
    } catch (e) {
      setFindings(e instanceof ApiProblem ? (e.findings ?? []) : []);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const openFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    await open(await file.text());
    event.target.value = '';
  };

  const download = async (): Promise<void> => {
    const url = URL.createObjectURL(new Blob([await xml()], { type: 'application/xml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    URL.revokeObjectURL(url);
  };

  const show = (elementId: string): void => {
    const services = modeler.current as unknown as ModelerServices | undefined;
    const element = services?.get('elementRegistry').get(elementId);
    if (!services || !element) return;
    services.get('selection').select(element);
    services.get('canvas').scrollToElement(element);
  };

  return (
    <section className="modeler-page">
      <PageHeading title={processId ? `Edit ${processId}` : 'New process'}>
        <label className="button file-button">
          Open file…
          <input
            type="file"
            accept=".bpmn,.xml"
            className="visually-hidden"
            onChange={(e) => void openFile(e)}
            aria-label="Open a BPMN file"
          />
        </label>
        <button type="button" onClick={() => void download()}>
          Download
        </button>
        <button type="button" className="primary" disabled={busy} onClick={() => void deploy()}>
          Deploy
        </button>
      </PageHeading>
      <ErrorNote error={error} />
      {result && (
        <p className="success" role="status">
          {result.deployed.map((d) => (
            <span key={d.processId}>
              {d.created ? 'Deployed' : 'Unchanged:'}{' '}
              <Link href={`/processes/${encodeURIComponent(d.processId)}/${d.version}`}>
                {d.processId} version {d.version}
              </Link>
              .{' '}
            </span>
          ))}
        </p>
      )}
      {findings.length > 0 && (
        <section aria-labelledby="findings-title" className="findings">
          <h2 id="findings-title">Findings</h2>
          <ul>
            {findings.map((f, i) => (
              <li key={i} className={`finding-${f.severity}`}>
                <strong>{f.severity}</strong>{' '}
                {f.elementId ? (
                  <button type="button" className="link-button" onClick={() => show(f.elementId!)}>
                    {f.elementId}
                  </button>
                ) : null}
                : {f.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="modeler">
        <div ref={canvasHost} className="modeler-canvas" aria-label="Diagram editor" />
        <aside ref={panelHost} className="properties" aria-label="Properties" />
      </div>
    </section>
  );
}
