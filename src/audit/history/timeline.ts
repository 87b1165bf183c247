import { minimatch } from 'minimatch';
import type { ResolvedPolicy } from '../../policies/resolved-policy.js';
import { behaviourFor } from '../../policies/permission-rules/claude-version.js';
import type { AuditHistory } from '../types.js';
import type { ConfigChange } from './config-diff.js';
import { replayHistory } from './replay.js';
import { indexOverWindow } from './index-over-time.js';
import { commitsInWindow } from './window.js';

export interface TimelineCommit {
  sha: string;
  date: string;
  author: string;
  subject: string;
  changes: ConfigChange[];
  /** The permissiveness index after the commit. */
  index: number;
}

export interface Timeline {
  commits: TimelineCommit[];
  indexStart: number;
  indexEnd: number;
}

/** Per commit in the window: what changed in the configuration, file by file, and the index after it. */
export function buildTimeline(history: AuditHistory, policy: ResolvedPolicy, pathGlob?: string): Timeline {
  const { first, last } = commitsInWindow(history);
  const config = history.config;
  const replay = replayHistory(config, behaviourFor(policy.claudeVersion));
  const commits: TimelineCommit[] = [];
  for (let i = first; first >= 0 && i <= last; i++) {
    const commit = config.history.commits[i];
    if (!commit) continue;
    if (pathGlob && !commit.changes.some((c) => minimatch(c.path, pathGlob, { dot: true }) || (c.oldPath !== undefined && minimatch(c.oldPath, pathGlob, { dot: true })))) continue;
    const changes = replay.changesOf(i).filter((c) => !pathGlob || minimatch(c.file, pathGlob, { dot: true }));
    commits.push({ sha: commit.sha, date: commit.date, author: commit.author, subject: commit.subject, changes, index: replay.indexAfter(i) });
  }
  const { start, end } = indexOverWindow(history, policy);
  return { commits, indexStart: start, indexEnd: end };
}

