import { describe, expect, it } from 'vitest';
import { importBpmn } from '../../src/model/index.js';
import { definitions, executableProcess } from './bpmn-text.js';
import { containing, like, matching } from './matchers.js';

const errorsOf = (findings: readonly { severity: string }[]) =>
  findings.filter((f) => f.severity === 'error');

describe('importing XML that is not well-formed', () => {
  it('reports a mismatched closing tag as an error at its line and column, and parses nothing', async () => {
    const xml = executableProcess('p', '<bpmn:startEvent id="start"></bpmn:endEvent>');

    const imported = await importBpmn(xml, 'broken.bpmn');

    expect(imported.parsed).toBe(false);
    expect(imported.processes).toEqual([]);
    expect(imported.findings).toContainEqual(
      like({ severity: 'error', message: containing('not well-formed'), line: 4 }),
    );
    expect(imported.findings.find((f) => f.line === 4)?.column).toBeGreaterThan(1);
  });

  it('points a truncated document at its end', async () => {
    const xml = executableProcess('p', '<bpmn:startEvent id="start"/>').slice(0, -40);

    const imported = await importBpmn(xml);

    expect(imported.parsed).toBe(false);
    expect(imported.findings).toEqual([like({ severity: 'error', line: xml.split('\n').length })]);
  });

  it('reports a broken attribute as not well-formed', async () => {
    const imported = await importBpmn(executableProcess('p', '<bpmn:startEvent id="start name="x"/>'));

    expect(imported.parsed).toBe(false);
    expect(imported.findings).toContainEqual(like({ severity: 'error', line: 4 }));
  });

  it('says so when well-formed XML is not BPMN', async () => {
    const imported = await importBpmn('<?xml version="1.0"?>\n<html><body/></html>', 'page.html');

    expect(imported.parsed).toBe(false);
    expect(imported.findings).toEqual([
      like({ severity: 'error', message: matching(/'page.html' is not BPMN 2.0/), line: 2 }),
    ]);
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'just some words'],
    ['random bytes', new Uint8Array([0xff, 0x00, 0x3c, 0x9f, 0x80, 0x3e, 0x00])],
  ])('never throws, even for %s', async (_label, source) => {
    const imported = await importBpmn(source);

    expect(imported.parsed).toBe(false);
    expect(errorsOf(imported.findings).length).toBeGreaterThan(0);
  });
});

describe('importing BPMN that moddle can only partly read', () => {
  it('reports a duplicate id as an error on that id, at the second element, and withholds the graph', async () => {
    const xml = executableProcess(
      'p',
      [
        '<bpmn:startEvent id="start"/>',
        '<bpmn:endEvent id="start"/>',
        '<bpmn:sequenceFlow id="f" sourceRef="start" targetRef="start"/>',
      ].join('\n'),
    );

    const imported = await importBpmn(xml);

    expect(imported.parsed).toBe(true);
    expect(imported.findings).toContainEqual(
      like({
        severity: 'error',
        elementId: 'start',
        processId: 'p',
        line: 5,
        message: containing('duplicate id'),
      }),
    );
    expect(imported.processes[0]?.graph).toBeUndefined();
  });

  it('reports a dangling reference on the element that holds it, and validation names the missing element', async () => {
    const xml = executableProcess(
      'p',
      [
        '<bpmn:startEvent id="start"/>',
        '<bpmn:sequenceFlow id="toNowhere" sourceRef="start" targetRef="ghost"/>',
      ].join('\n'),
    );

    const imported = await importBpmn(xml);

    expect(imported.findings).toContainEqual(
      like({ severity: 'warning', elementId: 'toNowhere', line: 5, message: containing("'ghost'") }),
    );
    expect(imported.findings).toContainEqual(
      like({ severity: 'error', elementId: 'toNowhere', message: matching(/target .* is 'ghost'/) }),
    );
  });

  it('reports unknown elements with their own id, or the id of the element they sit in', async () => {
    const xml = executableProcess(
      'p',
      [
        '<bpmn:startEvent id="start"/>',
        '<bpmn:fancyTask id="fancy"/>',
        '<bpmn:task id="plain"><bpmn:sparkle/></bpmn:task>',
      ].join('\n'),
    );

    const imported = await importBpmn(xml);

    expect(imported.findings).toContainEqual(
      like({ severity: 'warning', elementId: 'fancy', line: 5, message: containing('<bpmn:fancyTask>') }),
    );
    expect(imported.findings).toContainEqual(
      like({ severity: 'warning', elementId: 'plain', line: 6, message: containing('<bpmn:sparkle>') }),
    );
  });

  it('reports unknown attributes of known namespaces', async () => {
    const xml = executableProcess('p', '<bpmn:startEvent id="start" camunda:sparkle="yes"/>');

    const imported = await importBpmn(xml);

    expect(imported.findings).toContainEqual(
      like({ severity: 'warning', elementId: 'start', message: containing('camunda:sparkle') }),
    );
  });
});

describe('decoding the bytes of a BPMN file', () => {
  const named = (encoding: string, name: string): string =>
    `<?xml version="1.0" encoding="${encoding}"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">` +
    `<bpmn:process id="p" name="${name}" isExecutable="false"/></bpmn:definitions>`;
  const nameOf = async (bytes: Uint8Array) => (await importBpmn(bytes)).processes[0]?.name;

  it('honours ISO-8859-1 declared in the XML declaration', async () => {
    expect(await nameOf(Buffer.from(named('ISO-8859-1', 'Prüfung'), 'latin1'))).toBe('Prüfung');
  });

  it('honours windows-1252, whose € is not in Latin-1', async () => {
    const bytes = Buffer.from(named('windows-1252', 'Preis X'), 'latin1');
    bytes[bytes.indexOf('X'.charCodeAt(0), 100)] = 0x80;
    expect(await nameOf(bytes)).toBe('Preis €');
  });

  it('reads UTF-8 by default and strips its byte-order mark', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(named('UTF-8', 'Überprüfung')),
    ]);
    const imported = await importBpmn(bytes);
    expect(imported.parsed).toBe(true);
    expect(imported.processes[0]?.name).toBe('Überprüfung');
    expect(imported.findings).toEqual([]);
  });

  it('strips a byte-order mark from text too', async () => {
    const imported = await importBpmn(`\uFEFF${named('UTF-8', 'Order')}`);
    expect(imported.findings).toEqual([]);
    expect(imported.processes[0]?.name).toBe('Order');
  });

  it('follows a UTF-16 byte-order mark', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(named('UTF-16', 'Übergabe'), 'utf16le'),
    ]);
    expect(await nameOf(bytes)).toBe('Übergabe');
  });

  it('warns about an unknown encoding and reads the file as UTF-8', async () => {
    const imported = await importBpmn(Buffer.from(named('x-klingon', 'Order')), 'odd.bpmn');
    expect(imported.processes[0]?.name).toBe('Order');
    expect(imported.findings).toEqual([like({ severity: 'warning', message: containing("'x-klingon'") })]);
  });

  it('warns when UTF-8 bytes are not valid UTF-8', async () => {
    const imported = await importBpmn(Buffer.from(named('UTF-8', 'Prüfung'), 'latin1'));
    expect(imported.parsed).toBe(true);
    expect(imported.findings).toEqual([
      like({ severity: 'warning', message: containing('not valid utf-8') }),
    ]);
  });
});

describe('the processes of a file', () => {
  it('are all listed, participants of a collaboration included, each with its counts', async () => {
    const xml = definitions(
      [
        '<bpmn:collaboration id="c">',
        '  <bpmn:participant id="buyer" processRef="buying"/>',
        '  <bpmn:participant id="seller" processRef="selling"/>',
        '</bpmn:collaboration>',
        '<bpmn:process id="buying" name="Buying" isExecutable="false">',
        '  <bpmn:startEvent id="b1"/><bpmn:task id="b2"/><bpmn:endEvent id="b3"/>',
        '  <bpmn:sequenceFlow id="bf1" sourceRef="b1" targetRef="b2"/><bpmn:sequenceFlow id="bf2" sourceRef="b2" targetRef="b3"/>',
        '</bpmn:process>',
        '<bpmn:process id="selling" isExecutable="false">',
        '  <bpmn:startEvent id="s1"/>',
        '  <bpmn:subProcess id="s2">',
        '    <bpmn:startEvent id="s2a"/><bpmn:userTask id="s2b"/><bpmn:exclusiveGateway id="s2c"/><bpmn:endEvent id="s2d"/>',
        '    <bpmn:sequenceFlow id="sf1" sourceRef="s2a" targetRef="s2b"/>',
        '  </bpmn:subProcess>',
        '  <bpmn:boundaryEvent id="s3" attachedToRef="s2"/>',
        '  <bpmn:complexGateway id="s4"/>',
        '</bpmn:process>',
      ].join('\n'),
    );

    const imported = await importBpmn(xml);

    expect(imported.processes).toEqual([
      {
        processId: 'buying',
        name: 'Buying',
        executable: false,
        counts: { activities: 1, events: 2, gateways: 0, sequenceFlows: 2 },
      },
      {
        processId: 'selling',
        executable: false,
        counts: { activities: 2, events: 4, gateways: 2, sequenceFlows: 1 },
      },
    ]);
  });

  it('are validated only when executable: documentation gets counts, no graph and no execution errors', async () => {
    const xml = definitions(
      '<bpmn:process id="sketch" isExecutable="false"><bpmn:serviceTask id="work"/></bpmn:process>',
    );

    const imported = await importBpmn(xml);

    expect(imported.processes).toEqual([
      {
        processId: 'sketch',
        executable: false,
        counts: { activities: 1, events: 0, gateways: 0, sequenceFlows: 0 },
      },
    ]);
    expect(imported.findings).toEqual([]);
  });

  it('treat a process without isExecutable as executable', async () => {
    const xml = definitions(
      '<bpmn:process id="p"><bpmn:startEvent id="s"/><bpmn:endEvent id="e"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"/></bpmn:process>',
    );

    const imported = await importBpmn(xml);

    expect(imported.processes[0]).toMatchObject({ executable: true, graph: { id: 'p', startEvents: ['s'] } });
  });
});
