import { githubAnnotations } from './github.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { markdownReporter } from './markdown.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';
import type { Reporter, ReportFormat } from './types.js';

export const REPORTERS: Record<ReportFormat, Reporter> = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  markdown: markdownReporter,
  html: htmlReporter,
  github: githubAnnotations,
};

export { REPORT_FORMATS } from './types.js';
export type { Report, ReportFormat, Reporter, ReporterOptions } from './types.js';
