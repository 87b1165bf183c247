import type { ExtensionsPolicy } from '../../policies/extensions-policy.js';
import type { Extension } from '../../workspace/extensions/types.js';
import type { GitFacts } from '../../workspace/types.js';
import { compareText } from '../../text-order.js';

export interface ExtensionRow {
  name: string;
  kind: string;
  /** The effective tier (after the policy's pins). */
  tier: string;
  /** The tier its source gives it, before pins. */
  sourceTier: string;
  /** Where it comes from: the settings scope, `plugin <id>`, or the extension that declares it. */
  source: string;
  file: string;
  pointer: string | null;
  /** `tracked`, `ignored`, `untracked`, or `-` outside git and for files outside the repository. */
  git: string;
  /** agentgov.lock.json records it as it is (`yes`), otherwise (`changed`), not at all (`no`); `-` when no lock applies. */
  locked: string;
  /** A verified signed manifest of its tier covers it (`yes`), not as it is (`changed`), not at all (`no`); `-` without manifest or signers. */
  signed: string;
}

const gitState = (git: GitFacts | undefined) => (git ? (git.ignored ? 'ignored' : git.tracked ? 'tracked' : 'untracked') : '-');

/** The inventory as rows, most trusted tier first (in the policy's order), then by file and place. A hook's git state is its script's. */
export function extensionRows(extensions: readonly Extension[], policy: Pick<ExtensionsPolicy, 'tierOrder'>, trust: ReadonlyMap<Extension, { locked: string; signed: string }> = new Map()): ExtensionRow[] {
  const rank = (tier: string) => policy.tierOrder.indexOf(tier as ExtensionsPolicy['tierOrder'][number]);
  const rows = extensions.map((e) => ({
    name: e.name,
    kind: e.kind,
    tier: e.tier,
    sourceTier: e.origin.tier,
    source: sourceOf(e),
    file: e.file.path,
    pointer: e.pointer,
    git: gitState(e.kind === 'hook' && e.script?.state?.git ? e.script.state.git : e.file.git),
    locked: trust.get(e)?.locked ?? '-',
    signed: trust.get(e)?.signed ?? '-',
  }));
  const key = (r: ExtensionRow) => `${r.file}\0${r.pointer ?? ''}`;
  return rows.sort((a, b) => rank(a.tier) - rank(b.tier) || compareText(key(a), key(b)));
}

function sourceOf(e: Extension): string {
  const parts: string[] = [];
  if (e.origin.plugin) parts.push(`plugin ${e.origin.plugin.id}${e.origin.plugin.source === 'repository' ? ' (this repository)' : ''}`);
  else parts.push(e.file.scope);
  if (e.origin.declaredBy) parts.push(`declared by ${e.origin.declaredBy}`);
  return parts.join(', ');
}

/** A column of the text table: new columns (pinned, locked, signed…) are one entry each. */
export interface Column {
  header: string;
  value(row: ExtensionRow): string;
}

const LIST_COLUMNS: Column[] = [
  { header: 'name', value: (r) => r.name },
  { header: 'kind', value: (r) => r.kind },
  { header: 'tier', value: (r) => (r.tier === r.sourceTier ? r.tier : `${r.tier} (pinned from ${r.sourceTier})`) },
  { header: 'source', value: (r) => r.source },
  { header: 'file', value: (r) => (r.pointer ? `${r.file}#${r.pointer}` : r.file) },
  { header: 'git', value: (r) => r.git },
  { header: 'locked', value: (r) => r.locked },
  { header: 'signed', value: (r) => r.signed },
];

export function extensionTable(rows: readonly ExtensionRow[], columns: readonly Column[] = LIST_COLUMNS): string {
  if (rows.length === 0) return 'no extensions\n';
  const header = columns.map((c) => c.header);
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return `${[line(header), ...cells.map(line)].join('\n')}\n`;
}
