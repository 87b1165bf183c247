import type { ImportChainIssue, PromptFile } from './types.js';

export interface Reach {
  hop: number;
  parent?: PromptFile;
}

/**
 * Breadth-first over `@path` imports from `seeds`: every file reached within `maxHops` with its smallest hop and the
 * file it was reached from. `follow` can refuse to enter a file (it is then neither returned nor expanded).
 */
export function reachable(files: readonly PromptFile[], seeds: readonly PromptFile[], maxHops: number, follow: (f: PromptFile) => boolean = () => true): Map<PromptFile, Reach> {
  const byAbs = new Map(files.map((f) => [f.absPath, f]));
  const seen = new Map<PromptFile, Reach>();
  let frontier = seeds.filter(follow);
  for (const s of frontier) seen.set(s, { hop: 0 });
  for (let hop = 1; hop <= maxHops && frontier.length > 0; hop++) {
    const next: PromptFile[] = [];
    for (const file of frontier) {
      for (const link of file.imports) {
        const target = link.absTarget ? byAbs.get(link.absTarget) : undefined;
        if (!target || seen.has(target) || !follow(target)) continue;
        seen.set(target, { hop, parent: file });
        next.push(target);
      }
    }
    frontier = next;
  }
  return seen;
}

/** The chain of display paths from a seed to `file`, by the parents `reachable` recorded. */
function chainTo(file: PromptFile, reach: ReadonlyMap<PromptFile, Reach>): string[] {
  const chain: string[] = [];
  for (let f: PromptFile | undefined = file; f; f = reach.get(f)?.parent) chain.unshift(f.path);
  return chain;
}

/**
 * Imports that close a cycle (a back edge of a depth-first walk in load order) and imports of a fifth hop (their
 * target was never read because no chain reaches it within four hops).
 */
export function findImportChainIssues(files: readonly PromptFile[]): ImportChainIssue[] {
  const byAbs = new Map(files.map((f) => [f.absPath, f]));
  const issues: ImportChainIssue[] = [];
  const state = new Map<PromptFile, 'open' | 'done'>();
  const stack: PromptFile[] = [];
  const visit = (file: PromptFile): void => {
    state.set(file, 'open');
    stack.push(file);
    file.imports.forEach((link, i) => {
      const target = link.absTarget ? byAbs.get(link.absTarget) : undefined;
      if (!target) return;
      const s = state.get(target);
      if (s === 'open') issues.push({ file: file.path, link: i, problem: 'cycle', chain: [...stack.slice(stack.indexOf(target)).map((f) => f.path), target.path] });
      else if (s === undefined) visit(target);
    });
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file) && file.kind !== 'import') visit(file);
  for (const file of files) if (!state.has(file)) visit(file);

  const reach = reachable(files, files.filter((f) => f.kind !== 'import'), Number.POSITIVE_INFINITY);
  for (const file of files) {
    file.imports.forEach((link, i) => {
      if (link.problem || !link.absTarget || byAbs.has(link.absTarget)) return;
      issues.push({ file: file.path, link: i, problem: 'too-deep', chain: [...chainTo(file, reach), link.target ?? link.raw] });
    });
  }
  return issues;
}
