import { shortDurationDays } from '../../policies/duration.js';
import type { HistoryCommit } from '../../workspace/git-history.js';
import type { AuditHistory } from '../types.js';

export const DEFAULT_WINDOW = '7d';
export const DEFAULT_TREND_THRESHOLD = 10;

/** `7d`, `2w` → days; undefined when the text is not a window. */
export function windowDays(text: string): number | undefined {
  return shortDurationDays(text.trim(), ['d', 'w']);
}

const bounds = new WeakMap<HistoryCommit[], { since: number; until: number; first: number; last: number }>();

/** Indexes of the commits inside the window: `first` is the first commit in it, `last` the last (or -1 when empty). */
export function commitsInWindow(history: AuditHistory): { first: number; last: number; commits: HistoryCommit[] } {
  const all = history.config.history.commits;
  const since = history.window.since.getTime();
  const until = history.window.until.getTime();
  // Every history rule, the metrics and the timeline ask; dates are parsed once per window.
  let b = bounds.get(all);
  if (!b || b.since !== since || b.until !== until) {
    let first = -1;
    let last = -1;
    all.forEach((c, i) => {
      const t = Date.parse(c.date);
      if (t >= since && t <= until) {
        if (first < 0) first = i;
        last = i;
      }
    });
    bounds.set(all, (b = { since, until, first, last }));
  }
  const { first, last } = b;
  return { first, last, commits: first < 0 ? [] : all.slice(first, last + 1) };
}

/** The state just before the window: the last commit before its first one (-1 for the empty start). */
export function stateBeforeWindow(history: AuditHistory): number {
  const { first } = commitsInWindow(history);
  if (first >= 0) return first - 1;
  const since = history.window.since.getTime();
  return history.config.history.commits.filter((c) => Date.parse(c.date) < since).length - 1;
}

export function commitRef(commit: HistoryCommit): { sha: string; author: string; date: string } {
  return { sha: commit.sha, author: commit.author, date: commit.date };
}
