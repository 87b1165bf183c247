import { SEVERITY_RANK } from '../audit/types.js';
import { REPORTERS } from '../report/index.js';
import type { Report } from '../report/types.js';
import { appendFileText, writeFileAtomic } from '../workspace/write-file.js';
import type { ResolvedCommon } from './common-options.js';
import type { CliIo } from './io.js';

/** Renders the report in the chosen format and writes it to --output or stdout. */
export async function writeReport(report: Report, common: ResolvedCommon, io: CliIo): Promise<void> {
  const shown = common.quiet ? quietView(report, common) : report;
  const text = REPORTERS[common.format](shown, { color: common.color });
  // In GitHub Actions the Markdown digest goes to the job's step summary next to the annotations.
  const summary = io.env.GITHUB_STEP_SUMMARY;
  if (common.format === 'github' && summary) await appendFileText(summary, REPORTERS.markdown(shown, { color: false }));
  if (common.output) {
    await writeFileAtomic(common.output, text);
    if (!common.quiet) io.stderr(`agentgov: wrote ${common.format} report to ${common.output}\n`);
  } else io.stdout(text);
}

function quietView(report: Report, common: ResolvedCommon): Report {
  const threshold = SEVERITY_RANK[common.failOn === 'never' ? 'error' : common.failOn];
  return { ...report, findings: report.findings.filter((f) => SEVERITY_RANK[f.severity] >= threshold) };
}
