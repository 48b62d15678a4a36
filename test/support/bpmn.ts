/** Test models as BPMN XML: a process body wrapped in definitions with the usual namespaces. */
export function bpmn(processId: string, body: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
  xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d-${processId}" targetNamespace="https://sluice.dev/test">
  <bpmn:process id="${processId}" isExecutable="true">${body}</bpmn:process>${extra}
</bpmn:definitions>`;
}

/** `flows('a>b', 'b>c')` → sequence flows a→b, b→c with ids f_a_b ... */
export function flows(...pairs: string[]): string {
  return pairs
    .map((pair) => {
      const arrow = pair.indexOf('>');
      const from = pair.slice(0, arrow);
      const [to, condition] = pair.slice(arrow + 1).split('?') as [string, string | undefined];
      const id = `f_${from}_${to}`;
      const body = condition
        ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">= ${condition}</bpmn:conditionExpression>`
        : '';
      return `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">${body}</bpmn:sequenceFlow>`;
    })
    .join('\n');
}

export const serviceTask = (id: string, type: string, extra = ''): string =>
  `<bpmn:serviceTask id="${id}"><bpmn:extensionElements><zeebe:taskDefinition type="${type}" retries="3"/>${extra}</bpmn:extensionElements></bpmn:serviceTask>`;
