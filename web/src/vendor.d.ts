/** Type declarations for the bpmn.io packages that ship none (only what the app uses). */
declare module 'bpmn-js-properties-panel' {
  type Module = import('didi').ModuleDeclaration;
  export const BpmnPropertiesPanelModule: Module;
  export const BpmnPropertiesProviderModule: Module;
  export const ZeebePropertiesProviderModule: Module;
  export function useService(name: string): unknown;
}
declare module '@bpmn-io/properties-panel' {
  export const TextFieldEntry: unknown;
  export const SelectEntry: unknown;
  export const isTextFieldEntryEdited: unknown;
  export const isSelectEntryEdited: unknown;
}
declare module '@bpmn-io/properties-panel/preact' {
  export function h(component: unknown, props: Record<string, unknown>): unknown;
}
declare module 'zeebe-bpmn-moddle/resources/zeebe.json' {
  const descriptor: Record<string, unknown>;
  export default descriptor;
}
declare module 'dmn-js/lib/Modeler' {
  interface View {
    readonly type: string;
    readonly element: unknown;
  }
  export default class DmnModeler {
    constructor(options: { container: HTMLElement; keyboard?: { bindTo: unknown } });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): View[];
    open(view: View): Promise<unknown>;
    destroy(): void;
  }
}
