import path from 'node:path';
import { REPORTERS } from '../report/index.js';
import type { Report, ReportFormat } from '../report/types.js';
import { writeFileAtomic } from '../workspace/write-file.js';
import { UsageError, type CliIo } from './io.js';
import { refuseConfigTarget } from './output-guard.js';

/** The formats `--report <format>:<file>` writes (GitHub annotations belong on stdout in a workflow, not in a file). */
export const FILE_FORMATS = ['json', 'sarif', 'markdown', 'html', 'text'] as const satisfies readonly ReportFormat[];
type FileFormat = (typeof FILE_FORMATS)[number];

export interface ReportTarget {
  format: FileFormat;
  /** Absolute; may hold `{date}`, replaced by the run's date when written. */
  file: string;
  /** As given on the command line, for messages. */
  given: string;
}

const usage = `expected <format>:<file>, e.g. markdown:weekly.md (formats: ${FILE_FORMATS.join(', ')})`;

/**
 * Parses every `--report` value before anything runs, so that a typo costs no audit: a missing `:`, an unknown
 * format, an empty file name, or two reports (or --output) going to the same file are usage errors.
 */
export function parseReportTargets(values: readonly string[], cwd: string, output?: string, scopes?: { root: string; home: string }): ReportTarget[] {
  const targets: ReportTarget[] = [];
  for (const given of values) {
    const colon = given.indexOf(':');
    if (colon < 0) throw new UsageError(`--report ${JSON.stringify(given)}: ${usage}`);
    const format = given.slice(0, colon).trim().toLowerCase();
    const file = given.slice(colon + 1);
    if (!(FILE_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--report ${JSON.stringify(given)}: unknown format ${JSON.stringify(format)}; ${usage}`);
    if (file.trim() === '') throw new UsageError(`--report ${JSON.stringify(given)}: no file name after "${format}:"; ${usage}`);
    const abs = path.resolve(cwd, file);
    if (scopes) refuseConfigTarget(abs, scopes.root, scopes.home, `--report ${format}:`);
    const clash = targets.find((t) => t.file === abs);
    if (clash) throw new UsageError(`--report ${JSON.stringify(given)} and --report ${JSON.stringify(clash.given)} write the same file`);
    if (output && output === abs) throw new UsageError(`--report ${JSON.stringify(given)} writes the same file as --output`);
    targets.push({ format: format as FileFormat, file: abs, given });
  }
  return targets;
}

/** `{date}` in a report file name: the day the run started (UTC), so a cron job keeps one report per run. */
function targetPath(target: ReportTarget, report: Report): string {
  return target.file.replaceAll('{date}', report.startedAt.slice(0, 10));
}

export interface FailedTarget {
  target: ReportTarget;
  file: string;
  reason: string;
}

/**
 * Renders and writes every report (each atomically: temp file, fsync, rename), going on after a failure so that one
 * unwritable path loses no other report. Returns the failures; the caller names them and exits 2.
 */
export async function writeReportTargets(report: Report, targets: readonly ReportTarget[], io: CliIo, quiet: boolean): Promise<FailedTarget[]> {
  const failed: FailedTarget[] = [];
  for (const target of targets) {
    const file = targetPath(target, report);
    try {
      await writeFileAtomic(file, REPORTERS[target.format](report, { color: false }));
      if (!quiet) io.stderr(`agentgov: wrote ${target.format} report to ${file}\n`);
    } catch (error) {
      failed.push({ target, file, reason: reasonOf(error) });
    }
  }
  for (const f of failed) io.stderr(`agentgov: could not write the ${f.target.format} report (--report ${f.target.given}) to ${f.file}: ${f.reason}\n`);
  return failed;
}

const ERRNO: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  ENOENT: 'no such folder',
  ENOTDIR: 'a parent is not a folder',
  EISDIR: 'it is a folder',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EEXIST: 'a file is where a folder should be',
};

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code) return `${code} (${ERRNO[code] ?? 'write failed'})`;
  return error instanceof Error ? error.message : String(error);
}
