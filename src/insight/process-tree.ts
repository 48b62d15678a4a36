/**
 * Process trees: block-structured models, the output of the inductive miner. Every tree is a
 * sound process: it can always complete, and has no dead parts. `×` is a choice, `→` a
 * sequence, `∧` parallel branches, `↺` a loop (do the body, then either leave or do the redo
 * part and the body again), `τ` a silent step.
 */

export type ProcessTree =
  | { readonly kind: 'activity'; readonly label: string }
  | { readonly kind: 'tau' }
  | { readonly kind: 'sequence' | 'choice' | 'parallel'; readonly children: readonly ProcessTree[] }
  | { readonly kind: 'loop'; readonly body: ProcessTree; readonly redo: ProcessTree };

export const tau: ProcessTree = { kind: 'tau' };

const SYMBOL = { sequence: '→', choice: '×', parallel: '∧' } as const;

export function treeText(tree: ProcessTree): string {
  switch (tree.kind) {
    case 'activity':
      return `'${tree.label}'`;
    case 'tau':
      return 'τ';
    case 'loop':
      return `↺(${treeText(tree.body)}, ${treeText(tree.redo)})`;
    default:
      return `${SYMBOL[tree.kind]}(${tree.children.map(treeText).join(', ')})`;
  }
}

/** The activities a tree can record. */
export function treeActivities(tree: ProcessTree): string[] {
  switch (tree.kind) {
    case 'activity':
      return [tree.label];
    case 'tau':
      return [];
    case 'loop':
      return [...treeActivities(tree.body), ...treeActivities(tree.redo)];
    default:
      return tree.children.flatMap(treeActivities);
  }
}
