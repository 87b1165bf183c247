import type { ClaudeBehaviour } from './claude-version.js';
import { wildcardContains } from './glob.js';
import { isDeadRule, matchesCommandPattern, matchesDomain } from './matches.js';
import { pathGlobContains, resolvePathPattern, type PathBases } from './path-match.js';
import { EDIT_TOOLS, READ_TOOLS } from './tools.js';
import type { CommandPattern, PermissionRule } from './types.js';

export type Containment = boolean | 'unknown';

export interface PlacedRule {
  rule: PermissionRule;
  bases: PathBases;
}

// Dead rules are decided where matching is: a dead rule matches no call, so it contains nothing either.

/**
 * Whether every call `b` matches, `a` matches too. Sound: `true` only when it holds for every call, `false` when a
 * counterexample exists, `unknown` otherwise. Used for shadowing (a deny containing an allow) and redundancy.
 */
export function contains(a: PlacedRule, b: PlacedRule, behaviour: ClaudeBehaviour): Containment {
  // Memoised by object identity: parsed rules and their anchors are shared, and history compares them again and again.
  const key = `${idOf(a.bases)}:${idOf(b.bases)}:${behaviour.version}`;
  let byB = memo.get(a.rule);
  if (!byB) memo.set(a.rule, (byB = new WeakMap()));
  let results = byB.get(b.rule);
  if (!results) byB.set(b.rule, (results = new Map()));
  let result = results.get(key);
  if (result === undefined) results.set(key, (result = containsNow(a, b, behaviour)));
  return result;
}

const memo = new WeakMap<PermissionRule, WeakMap<PermissionRule, Map<string, Containment>>>();
const ids = new WeakMap<object, number>();
let nextId = 0;

function idOf(o: object): number {
  let id = ids.get(o);
  if (id === undefined) ids.set(o, (id = ++nextId));
  return id;
}

function containsNow(a: PlacedRule, b: PlacedRule, behaviour: ClaudeBehaviour): Containment {
  if (isDeadRule(b.rule)) return true;
  if (isDeadRule(a.rule)) return false;
  const ra = a.rule;
  const rb = b.rule;
  if (ra.form === 'glob-name') {
    if (rb.form === 'glob-name') return wildcardContains(ra.tool, rb.tool);
    const names = rb.form === 'mcp' ? [`mcp__${rb.mcp!.server}__${rb.mcp!.tool ?? '*'}`] : [...governedTools(rb, behaviour)];
    return names.every((n) => wildcardContains(ra.tool, n) === true) ? true : 'unknown';
  }
  if (rb.form === 'glob-name') return 'unknown';
  if (ra.form === 'mcp' || rb.form === 'mcp') return containsMcp(ra, rb);
  const aTools = governedTools(ra, behaviour);
  for (const t of governedTools(rb, behaviour)) if (!aTools.has(t)) return false;
  if (ra.form === 'bare') return true;
  if (rb.form === 'bare') return false;
  if (ra.form === 'bash' && rb.form === 'bash') return containsCommand(ra.command!, rb.command!);
  if (ra.form === 'path' && rb.form === 'path') return pathGlobContains(resolvePathPattern(ra.path!, a.bases), resolvePathPattern(rb.path!, b.bases));
  if (ra.form === 'domain' && rb.form === 'domain') {
    const da = ra.domain!;
    const db = rb.domain!;
    if (db.host.includes('*')) return da.kind === 'subdomains' && db.kind === 'subdomains' && da.host === db.host ? true : 'unknown';
    if (db.kind === 'host') return matchesDomain(da, db.host);
    return da.kind === 'subdomains' && (db.host === da.host || db.host.endsWith(`.${da.host}`)) ? true : 'unknown';
  }
  if (ra.form === 'agent' && rb.form === 'agent') return ra.name === rb.name;
  if (ra.form === 'skill' && rb.form === 'skill') return ra.name === rb.name && (ra.namePrefix === true || rb.namePrefix !== true);
  if (ra.form === 'param' && rb.form === 'param') {
    return ra.param!.name === rb.param!.name ? wildcardContains(ra.param!.value, rb.param!.value) : 'unknown';
  }
  return ra.raw.trim() === rb.raw.trim() ? true : 'unknown';
}

/** The tools whose calls a rule can match (an `Edit` rule governs every editing tool; a `Read` path deny, Edit/Write too). */
function governedTools(rule: PermissionRule, behaviour: ClaudeBehaviour): Set<string> {
  const tools = new Set([rule.tool]);
  if (rule.tool === 'Edit') for (const t of EDIT_TOOLS) tools.add(t);
  if (rule.tool === 'Read' && rule.form === 'path') {
    for (const t of READ_TOOLS) tools.add(t);
    if (rule.list === 'deny' && behaviour.readDenyBlocksEdit) tools.add('Edit').add('MultiEdit');
    if (rule.list === 'deny' && behaviour.readDenyBlocksWrite) tools.add('Write');
  }
  return tools;
}

function containsMcp(a: PermissionRule, b: PermissionRule): Containment {
  if (a.form !== 'mcp' || b.form !== 'mcp') return a.form === b.form ? 'unknown' : false;
  if (a.mcp!.server !== b.mcp!.server) return false;
  if (a.mcp!.tool === undefined) return true;
  if (b.mcp!.tool === undefined) return false;
  return wildcardContains(a.mcp!.tool, b.mcp!.tool);
}

/** A command pattern as the union of whole-string wildcards it matches (`git *` = `git` or `git *`). */
function asWildcards(p: CommandPattern): string[] {
  if (p.kind === 'any') return ['*'];
  if (p.kind === 'prefix') return [p.text, `${p.text} *`];
  return [p.text];
}

export function containsCommand(a: CommandPattern, b: CommandPattern): Containment {
  if (a.kind === 'any') return true;
  const outer = asWildcards(a);
  const inner = asWildcards(b);
  const ci = a.caseInsensitive || b.caseInsensitive;
  if (inner.every((i) => outer.some((o) => wildcardContains(o, i, ci) === true))) return true;
  for (const i of inner) {
    for (const fill of ['', 'x', ' ', ' -x ', '\u0001']) {
      const instance = i.split('*').join(fill);
      if (!matchesCommandPattern(a, instance)) return false;
    }
  }
  return 'unknown';
}
