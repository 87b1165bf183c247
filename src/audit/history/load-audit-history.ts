import type { ResolvedPolicy } from '../../policies/resolved-policy.js';
import { loadConfigHistory } from '../../workspace/config-history.js';
import { untilRevision, type ConfigHistoryRead, type HistoryReading } from '../../workspace/history-read.js';
import { behaviourFor } from '../../policies/permission-rules/claude-version.js';
import { replayWhileReading } from './replay-stream.js';
import { revisionDate } from '../../workspace/git-history.js';
import type { Workspace } from '../../workspace/types.js';
import { handled } from '../../handled.js';
import type { AuditHistory } from '../types.js';
import { DEFAULT_WINDOW, windowDays } from './window.js';

export interface WindowOptions {
  /** A date (YYYY-MM-DD or ISO) or a git revision. */
  since?: string;
  until?: string;
  /** `Nd` or `Nw`, counted back from `until` (default: the policy's history.window, else 7d). */
  window?: string;
}

export class WindowError extends Error {
  override readonly name = 'WindowError';
}

async function pointInTime(root: string, text: string, what: string, reading?: HistoryReading): Promise<Date> {
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const date = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
    if (!Number.isNaN(date.getTime())) return date;
  }
  // A commit the reading's git knows needs no process of its own; anything else is asked of `git log` as before.
  const date = (await reading?.revisionDate(text)) ?? (await revisionDate(root, text));
  if (!date) throw new WindowError(`--${what} ${text}: not a date (YYYY-MM-DD) nor a revision git knows`);
  return date;
}

/** Reads the configuration's history and resolves the audit window; what git could not show goes to `notices`. */
export async function loadAuditHistory(workspace: Workspace, policy: ResolvedPolicy, options: WindowOptions, now: Date, read?: Promise<ConfigHistoryRead>): Promise<{ history: AuditHistory; notices: string[] }> {
  // While git still reads, replay the commits it has given (newest first).
  const behaviour = behaviourFor(policy.claudeVersion);
  const reading = read && 'follow' in read ? (read as HistoryReading) : undefined;
  const replaying = reading ? replayWhileReading(reading, workspace, behaviour, policy.ignore) : undefined;
  const revision = untilRevision(options.until);
  // The window's revisions are looked up while the history loads; a bad window is still the error reported.
  const loading = handled(
    loadConfigHistory(workspace, { ignore: policy.ignore, ...(revision ? { until: revision } : {}), ...(read ? { read } : {}) }).then(
      (config) => {
        replaying?.done(config);
        return config;
      },
      (error: unknown) => {
        replaying?.stop();
        throw error;
      },
    ),
  );
  const sinceAt = options.since ? handled(pointInTime(workspace.root, options.since, 'since', reading)) : undefined;
  const until = options.until ? await pointInTime(workspace.root, options.until, 'until', reading) : now;
  const label = options.since ?? options.window ?? (policy.sections.history?.window as string | undefined) ?? DEFAULT_WINDOW;
  let since: Date;
  if (sinceAt) since = await sinceAt;
  else {
    const days = windowDays(label);
    if (days === undefined) throw new WindowError(`--window ${label}: write a number of days or weeks, e.g. 7d or 2w`);
    since = new Date(until.getTime() - days * 86_400_000);
  }
  const config = await loading;
  const notices: string[] = [];
  const gaps = config.history.gaps;
  if (gaps.notARepository) notices.push('history: the root is not in a git repository, so no history was read (history findings need git).');
  if (gaps.noCommits) notices.push('history: the repository has no commits yet, so there is no history to compare.');
  if (gaps.shallow) {
    const oldest = config.history.commits[0]?.date;
    notices.push(
      `history: this is a shallow clone; commits before ${oldest ? oldest.slice(0, 10) : 'its boundary'} are not visible and the window may be incomplete. ` +
        'Fetch the full history (`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout).',
    );
  }
  return { history: { config, window: { since, until, label } }, notices };
}
