/** agentgov as a library: what the CLI calls, for tools that embed it (package.json `main`). */
export { runAudit, type AuditOptions, type AuditRun, type FailOn } from './audit/run-audit.js';
export { runCiGate, type CiOptions } from './audit/ci-gate.js';
export { REPORTERS, REPORT_FORMATS, type Report, type ReportFormat } from './report/index.js';
export * from './policies/permission-rules/index.js';
