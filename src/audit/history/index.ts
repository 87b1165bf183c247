import type { Auditor } from '../types.js';
import { indexOverWindow } from './index-over-time.js';
import { localFileCommitted } from './rules/local-file-committed.js';
import { permissionWidened } from './rules/permission-widened.js';
import { trendingPermissive } from './rules/trending-permissive.js';
import { untrackedScopeChanged } from './rules/untracked-scope-changed.js';
import { lowDenialRate } from './rules/low-denial-rate.js';
import { commitsInWindow } from './window.js';

/** The configuration over time, from git: who widened what, when, and where the trend goes. */
export const historyAuditor: Auditor = {
  id: 'history',
  description: 'Permissions over time from git history: widening commits, the permissiveness trend, local files committed',
  needsHistory: true,
  rules: [permissionWidened, trendingPermissive, localFileCommitted, untrackedScopeChanged, lowDenialRate],
  metrics({ history, policy }) {
    if (!history) return { available: false };
    const { start, end, commits } = indexOverWindow(history, policy);
    const gaps = history.config.history.gaps;
    return {
      available: true,
      window: history.window.label,
      since: history.window.since.toISOString(),
      until: history.window.until.toISOString(),
      commitsInWindow: commits,
      configCommits: history.config.history.commits.length,
      indexStart: start,
      indexEnd: end,
      indexChange: end - start,
      shallow: gaps.shallow,
      noCommits: gaps.noCommits,
      detachedHead: gaps.detached,
      lastCommit: commitsInWindow(history).commits.at(-1)?.sha ?? null,
      transcriptFiles: history.transcripts?.files ?? 0,
      denialRates: Object.fromEntries((history.transcripts?.tools ?? []).map((t) => [t.tool, { uses: t.uses, denials: t.denials, rate: t.uses === 0 ? 0 : Number((t.denials / t.uses).toFixed(3)) }])),
    };
  },
};
