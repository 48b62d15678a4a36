/** The ids of the flow nodes of a BPMN source (tasks, events, gateways, subprocesses), in document order. */
export function flowNodeIds(xml: string): string[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const ids: string[] = [];
  for (const element of Array.from(doc.getElementsByTagName('*'))) {
    const id = element.getAttribute('id');
    if (id && /(task|event|gateway|subprocess|callactivity)$/i.test(element.localName)) ids.push(id);
  }
  return ids;
}
