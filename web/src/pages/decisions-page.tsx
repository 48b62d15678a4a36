/**
 * DMN in dmn-js: open a decision model from a file or start a new one, edit its decision
 * tables, download it or deploy it (the server answers `dmn-not-supported` until its DMN
 * module ships, and the page says so).
 */
import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import DmnModeler from 'dmn-js/lib/Modeler';
import { type ChangeEvent, useEffect, useRef, useState } from 'react';
import { api } from '../app/api';
import { ErrorNote, PageHeading } from '../app/ui';

const newDecision = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" id="decisions" name="Decisions" namespace="https://sluice.dev/decisions">
  <decision id="decision" name="Decision">
    <decisionTable id="table" hitPolicy="UNIQUE">
      <input id="input_1" label="Amount"><inputExpression id="input_expression_1" typeRef="number"><text>amount</text></inputExpression></input>
      <output id="output_1" label="Approval" name="approval" typeRef="string"/>
      <rule id="rule_1"><inputEntry id="entry_1"><text>&lt; 1000</text></inputEntry><outputEntry id="out_1"><text>"auto"</text></outputEntry></rule>
      <rule id="rule_2"><inputEntry id="entry_2"><text>&gt;= 1000</text></inputEntry><outputEntry id="out_2"><text>"manager"</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <dmndi:DMNDI><dmndi:DMNDiagram id="drd"><dmndi:DMNShape id="decision_di" dmnElementRef="decision"><dc:Bounds height="80" width="180" x="160" y="100"/></dmndi:DMNShape></dmndi:DMNDiagram></dmndi:DMNDI>
</definitions>`;

export default function DecisionsPage() {
  const host = useRef<HTMLDivElement>(null);
  const modeler = useRef<DmnModeler | undefined>(undefined);
  const [fileName, setFileName] = useState('decisions.dmn');
  const [error, setError] = useState<unknown>();
  const [note, setNote] = useState<string>();

  const open = async (xml: string): Promise<void> => {
    setError(undefined);
    try {
      await modeler.current!.importXML(xml);
      const decision = modeler.current!.getViews().find((v) => v.type === 'decisionTable');
      if (decision) await modeler.current!.open(decision);
    } catch (e) {
      setError(e);
    }
  };

  useEffect(() => {
    const m = new DmnModeler({ container: host.current! });
    modeler.current = m;
    void open(newDecision);
    return () => {
      m.destroy();
      modeler.current = undefined;
    };
  }, []);

  const xml = async (): Promise<string> => (await modeler.current!.saveXML({ format: true })).xml;
  const openFile = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const file = event.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    await open(await file.text());
  };
  const download = async (): Promise<void> => {
    const url = URL.createObjectURL(new Blob([await xml()], { type: 'application/xml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    URL.revokeObjectURL(url);
  };
  const deploy = async (): Promise<void> => {
    setError(undefined);
    setNote(undefined);
    try {
      const form = new FormData();
      form.append('files', new Blob([await xml()], { type: 'application/xml' }), fileName);
      await api.upload('/deployments', form);
      setNote(`Deployed ${fileName}.`);
    } catch (e) {
      setError(e);
    }
  };
  const show = async (type: string): Promise<void> => {
    const view = modeler.current?.getViews().find((v) => v.type === type);
    if (view) await modeler.current!.open(view);
  };

  return (
    <section>
      <PageHeading title="Decisions (DMN)">
        <button type="button" onClick={() => void show('drd')}>
          Requirements diagram
        </button>
        <button type="button" onClick={() => void show('decisionTable')}>
          Decision table
        </button>
        <label className="button file-button">
          Open file…
          <input
            type="file"
            accept=".dmn,.xml"
            className="visually-hidden"
            onChange={(e) => void openFile(e)}
            aria-label="Open a DMN file"
          />
        </label>
        <button type="button" onClick={() => void download()}>
          Download
        </button>
        <button type="button" className="primary" onClick={() => void deploy()}>
          Deploy
        </button>
      </PageHeading>
      <ErrorNote error={error} />
      {note && <p className="success">{note}</p>}
      <div ref={host} className="dmn-host" aria-label="Decision editor" />
    </section>
  );
}
