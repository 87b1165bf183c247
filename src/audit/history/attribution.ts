import type { ConfigHistory } from '../../workspace/config-history.js';
import type { Finding } from '../types.js';
import { commitRef } from './window.js';

function rulesIn(history: ConfigHistory, i: number, file: string): Set<string> {
  const blob = history.treeAfter(i).get(file);
  const value = (blob === undefined ? undefined : history.jsonAt(file, blob)?.value) as { permissions?: Record<string, unknown> } | undefined;
  const out = new Set<string>();
  for (const list of ['allow', 'ask', 'deny']) {
    const entries = value?.permissions?.[list];
    if (Array.isArray(entries)) for (const e of entries) if (typeof e === 'string') out.add(e.trim());
  }
  return out;
}

/**
 * Gives findings about a permission rule the commit that introduced it: the oldest commit of the unbroken run of
 * commits, ending today, in which the file contains the rule. Only commits that changed the file are looked at.
 */
export function attributeCommits(findings: Finding[], history: ConfigHistory): Finding[] {
  const commits = history.history.commits;
  const touching = new Map<string, number[]>();
  commits.forEach((c, i) => {
    for (const ch of c.changes) {
      const list = touching.get(ch.path);
      if (list) list.push(i);
      else touching.set(ch.path, [i]);
    }
  });
  const memo = new Map<string, Set<string>>();
  const present = (file: string, i: number, rule: string) => {
    const key = `${file}\0${i}`;
    let rules = memo.get(key);
    if (!rules) memo.set(key, (rules = i < 0 ? new Set() : rulesIn(history, i, file)));
    return rules.has(rule);
  };
  return findings.map((f) => {
    const rule = typeof f.data.rule === 'string' ? f.data.rule.trim() : undefined;
    const idx = touching.get(f.location.file);
    if (f.commit || !rule || !idx) return f;
    let introducer: number | undefined;
    for (let k = idx.length - 1; k >= 0; k--) {
      const i = idx[k] as number;
      if (!present(f.location.file, i, rule)) break;
      introducer = i;
    }
    const commit = introducer === undefined ? undefined : commits[introducer];
    return commit ? { ...f, commit: commitRef(commit) } : f;
  });
}
