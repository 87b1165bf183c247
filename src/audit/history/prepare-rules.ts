import { basesFor, isObject } from '../../policies/effective/effective-permissions.js';
import { prepareRule } from '../../policies/effective/index-tracker.js';
import { isLiveRule } from '../../policies/effective/permissiveness-index.js';
import { redact } from '../../policies/catalogs/secrets.js';
import type { ClaudeBehaviour } from '../../policies/permission-rules/claude-version.js';
import type { EffectiveRule } from '../../policies/permission-rules/effective-types.js';
import { parse } from '../../policies/permission-rules/parse.js';
import type { RuleList } from '../../policies/permission-rules/types.js';
import type { Workspace } from '../../workspace/types.js';

const LISTS: readonly RuleList[] = ['deny', 'ask', 'allow'];
/** How long one slice of preparation may hold the event loop, which also carries git's output. */
const SLICE_MS = 4;

/**
 * Prepares, while git still reads the history, what replaying it will compute about each rule by itself: the
 * parsed rule, its index keys and weight or blocked samples, its redacted text. Only caches are filled, so the
 * replay gives the same results whether or not this ran (or finished). Values are taken in slices, so that git's
 * output keeps flowing. `stop` drops what is left.
 */
export function ruleWarmer(ws: Pick<Workspace, 'root' | 'home' | 'managedDir'>, behaviour: ClaudeBehaviour): { take(value: unknown): void; stop(): void } {
  const ctx = { root: ws.root, home: ws.home, behaviour };
  // Project and local settings anchor `/` at the project root: the bases every rule of the history has.
  const bases = basesFor({ scope: 'project' }, ws);
  const seen = new Map<RuleList, Set<string>>(LISTS.map((l) => [l, new Set()]));
  const queue: unknown[] = [];
  let next = 0;
  let scheduled = false;
  let stopped = false;
  const prepare = (value: unknown) => {
    const perms = isObject(value) ? value.permissions : undefined;
    if (!isObject(perms)) return;
    for (const list of LISTS) {
      const items = perms[list];
      if (!Array.isArray(items)) continue;
      const known = seen.get(list)!;
      for (const raw of items) {
        if (typeof raw !== 'string' || known.has(raw)) continue;
        known.add(raw);
        const rule: EffectiveRule = { rule: parse(raw, list), source: { file: '', scope: 'project', pointer: '', line: null, column: null }, bases, effective: true };
        redact(raw);
        redact(raw.trim());
        if (isLiveRule(rule)) prepareRule(rule, ctx);
      }
    }
  };
  const drain = () => {
    scheduled = false;
    const until = performance.now() + SLICE_MS;
    while (!stopped && next < queue.length && performance.now() < until) prepare(queue[next++]);
    if (!stopped && next < queue.length) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(drain);
  };
  return {
    take(value) {
      if (stopped) return;
      queue.push(value);
      schedule();
    },
    stop() {
      stopped = true;
      queue.length = 0;
    },
  };
}
