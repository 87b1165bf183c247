import { pathToFileURL } from 'node:url';
import { docsUrlFor } from '../audit/create-rule.js';
import type { Finding, RuleMeta, SeverityOrOff } from '../audit/types.js';
import type { Reporter } from './types.js';

const SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/agentgov/agentgov';

type SarifLevel = 'error' | 'warning' | 'note' | 'none';
const LEVEL: Record<SeverityOrOff, SarifLevel> = { error: 'error', warning: 'warning', info: 'note', off: 'none' };
// GitHub code scanning ranks security alerts by this CVSS-like score (critical >= 9, high >= 7, medium >= 4).
const SECURITY_SEVERITY: Record<SeverityOrOff, string> = { error: '8.0', warning: '5.0', info: '2.0', off: '0.0' };

/** Display paths are relative to one of three bases; SARIF wants a relative uri plus the id of its base. */
const BASES = [
  { prefix: '~/', id: 'HOME', description: "The user's home directory (user-scope Claude Code files such as ~/.claude/settings.json)." },
  { prefix: '<managed>/', id: 'MANAGED', description: 'The directory of enterprise managed settings (managed-settings.json).' },
] as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function toArtifactLocation(file: string): { uri: string; uriBaseId: string } {
  const base = BASES.find((b) => file.startsWith(b.prefix));
  const rel = base ? file.slice(base.prefix.length) : file;
  // encodeURIComponent throws on a lone surrogate, which a path taken from JSON (`"\ud800.sh"`) can hold.
  const uri = rel.split('/').map((segment) => encodeURIComponent(segment.replace(LONE_SURROGATE, '\uFFFD'))).join('/');
  return { uri, uriBaseId: base?.id ?? 'ROOT' };
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

function descriptor(rule: Pick<RuleMeta, 'id' | 'description' | 'defaultSeverity' | 'docsUrl'>) {
  const auditor = rule.id.split('/')[0] ?? rule.id;
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.description },
    helpUri: rule.docsUrl,
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    // SARIF requires tags to be unique; an auditor named "security" would otherwise repeat it.
    properties: { 'security-severity': SECURITY_SEVERITY[rule.defaultSeverity], tags: [...new Set(['security', auditor])] },
  };
}

function region(f: Finding) {
  const { line, column, endLine, endColumn } = f.location;
  if (line === null) return undefined;
  return {
    startLine: line,
    ...(column !== null ? { startColumn: column } : {}),
    ...(endLine !== null ? { endLine } : {}),
    ...(endColumn !== null ? { endColumn } : {}),
  };
}

/** SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. */
export const sarifReporter: Reporter = (report) => {
  const rules = report.rules.map(descriptor);
  const ruleIndex = new Map<string, number>();
  rules.forEach((r, i) => {
    if (!ruleIndex.has(r.id)) ruleIndex.set(r.id, i);
  });
  // A finding whose rule is missing from report.rules still needs a valid ruleIndex, so describe it from the finding.
  const indexFor = (f: Finding): number => {
    const known = ruleIndex.get(f.ruleId);
    if (known !== undefined) return known;
    rules.push(descriptor({ id: f.ruleId, description: f.ruleId, defaultSeverity: f.severity, docsUrl: docsUrlFor(f.ruleId) }));
    ruleIndex.set(f.ruleId, rules.length - 1);
    return rules.length - 1;
  };

  // An audit knows which findings its previous run reported: SARIF says so with baselineState.
  const fresh = report.weekly ? new Set(report.weekly.newFingerprints) : undefined;
  const results = report.findings.map((f) => {
    const location = toArtifactLocation(f.location.file);
    const reg = region(f);
    return {
      ruleId: f.ruleId,
      ruleIndex: indexFor(f),
      level: LEVEL[f.severity],
      ...(fresh ? { baselineState: fresh.has(f.fingerprint) ? 'new' : 'unchanged' } : {}),
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: location, ...(reg ? { region: reg } : {}) } }],
      partialFingerprints: { 'agentgovFingerprint/v1': f.fingerprint },
      properties: { data: f.data, ...(f.location.pointer !== null ? { pointer: f.location.pointer } : {}), ...(f.commit ? { commit: f.commit } : {}) },
    };
  });

  const usedBases = new Set(results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uriBaseId));
  const rootHref = pathToFileURL(report.root).href;
  const originalUriBaseIds: Record<string, { uri?: string; description?: { text: string } }> = {
    ROOT: { uri: rootHref.endsWith('/') ? rootHref : `${rootHref}/` },
  };
  // The report does not record where home and managed files live, so these bases are described but have no uri.
  for (const base of BASES) {
    if (usedBases.has(base.id)) originalUriBaseIds[base.id] = { description: { text: base.description } };
  }

  const { error, warning, info, baselined } = report.summary;
  const log = {
    $schema: SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: report.tool.name, version: report.tool.version, informationUri: INFORMATION_URI, rules },
        },
        invocations: [
          {
            executionSuccessful: true,
            startTimeUtc: report.startedAt,
            exitCode: report.exitCode,
            ...(report.notices.length > 0 ? { toolExecutionNotifications: report.notices.map((n) => ({ level: 'warning', message: { text: n } })) } : {}),
          },
        ],
        originalUriBaseIds,
        results,
        properties: {
          policyHash: report.policyHash,
          promptSetHash: report.promptSetHash,
          summary: { error, warning, info, baselined },
          reportVersion: report.reportVersion,
          ...(typeof report.auditors.history?.metrics.indexEnd === 'number'
            ? { permissivenessIndex: { start: report.auditors.history.metrics.indexStart, end: report.auditors.history.metrics.indexEnd } }
            : {}),
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
