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

/**
 * The activities a tree can begin with, and whether it can also record nothing at all (then a
 * case may pass it by, and what follows it comes first).
 */
export function treeStart(tree: ProcessTree): { readonly activities: string[]; readonly skippable: boolean } {
  switch (tree.kind) {
    case 'activity':
      return { activities: [tree.label], skippable: false };
    case 'tau':
      return { activities: [], skippable: true };
    case 'loop': {
      const body = treeStart(tree.body);
      if (!body.skippable) return body;
      const redo = treeStart(tree.redo);
      return { activities: [...body.activities, ...redo.activities], skippable: true };
    }
    case 'sequence': {
      const activities: string[] = [];
      for (const child of tree.children) {
        const start = treeStart(child);
        activities.push(...start.activities);
        if (!start.skippable) return { activities, skippable: false };
      }
      return { activities, skippable: true };
    }
    default: {
      const starts = tree.children.map(treeStart);
      return {
        activities: starts.flatMap((s) => s.activities),
        skippable:
          tree.kind === 'choice' ? starts.some((s) => s.skippable) : starts.every((s) => s.skippable),
      };
    }
  }
}
