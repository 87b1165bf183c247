import { basesFor } from '../../policies/effective/effective-permissions.js';
import { isObject } from '../../workspace/json-value.js';
import { prepareRule } from '../../policies/effective/index-tracker.js';
import { isLiveRule } from '../../policies/effective/permissiveness-index.js';
import { redact } from '../../policies/catalogs/secrets.js';
import type { ClaudeBehaviour } from '../../policies/permission-rules/claude-version.js';
import type { EffectiveRule } from '../../policies/permission-rules/effective-types.js';
import { parse } from '../../policies/permission-rules/parse.js';
import { specForRootPath } from '../../workspace/claude/discover.js';
import { JSON_KINDS } from '../../workspace/claude/sources.js';
import type { Workspace } from '../../workspace/types.js';
import { ruleDiff, type RuleEntry } from './blob-rules.js';
import { fileChanges } from './config-diff.js';

/** How long one slice of preparation may hold the event loop, which also carries git's output. */
const SLICE_MS = 4;

/**
 * Computes what replaying a history will ask about one change of a file: its timeline changes, its rule diff, and
 * for each rule added or removed the parsed rule, its redacted text, index keys and weight or blocked samples. Only
 * memos and caches are filled, so the replay gives the same results whether or not this ran.
 */
export function changePreparer(ws: Pick<Workspace, 'root' | 'home' | 'managedDir'>, behaviour: ClaudeBehaviour): (path: string, before: unknown, after: unknown) => void {
  const ctx = { root: ws.root, home: ws.home, behaviour };
  // Project and local settings anchor `/` at the project root: the bases of every rule history replays.
  const bases = basesFor({ scope: 'project' }, ws);
  const seen = new Set<string>();
  const prepareEntry = (e: RuleEntry) => {
    const key = `${e.list}\0${e.raw}`;
    if (seen.has(key)) return;
    seen.add(key);
    const rule: EffectiveRule = { rule: parse(e.raw, e.list), source: { file: '', scope: 'project', pointer: '', line: null, column: null }, bases, effective: true };
    redact(e.raw);
    redact(e.text);
    if (isLiveRule(rule)) prepareRule(rule, ctx);
  };
  return (path, before, after) => {
    const spec = specForRootPath(path);
    if (!spec || !JSON_KINDS.has(spec.kind)) return;
    fileChanges({ path, scope: spec.scope, kind: spec.kind }, before, after);
    if (spec.kind !== 'settings' || (!isObject(before) && !isObject(after))) return;
    const diff = ruleDiff(before, after);
    for (const e of diff.added) prepareEntry(e);
    for (const e of diff.removed) prepareEntry(e);
  };
}

/**
 * `changePreparer` for the changes of a history git is still reading, in slices of the event loop so that git's
 * output keeps flowing; `stop` drops what is left (the replay computes it then).
 */
export function historyPreparer(ws: Pick<Workspace, 'root' | 'home' | 'managedDir'>, behaviour: ClaudeBehaviour): { take(path: string, before: unknown, after: unknown): void; stop(): void } {
  const prepare = changePreparer(ws, behaviour);
  const queue: [string, unknown, unknown][] = [];
  let next = 0;
  let scheduled = false;
  let stopped = false;
  const drain = () => {
    scheduled = false;
    const until = performance.now() + SLICE_MS;
    while (!stopped && next < queue.length && performance.now() < until) {
      const [path, before, after] = queue[next++]!;
      prepare(path, before, after);
    }
    if (!stopped && next < queue.length) schedule();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(drain);
  };
  return {
    take(path, before, after) {
      if (stopped) return;
      queue.push([path, before, after]);
      schedule();
    },
    stop() {
      stopped = true;
      queue.length = 0;
    },
  };
}
