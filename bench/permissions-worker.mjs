// One cold measurement in a fresh process (agentgov memoises parsed rules and containment results within a process,
// so repeated runs in one process would measure the caches, not the analysis): the wall ms of load and of analysis,
// and `cpu`, the CPU ms (user + system) of both together, which the machine's load disturbs far less.
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const [dist, root, home, managedDir] = process.argv.slice(2);
const load = (rel) => import(pathToFileURL(path.join(dist, rel)).href);
const [{ runAuditors }, { AUDITORS, allRules }, { loadWorkspace }, { loadPolicy }, { effectivePermissions }, { behaviourFor }] = await Promise.all(
  ['audit/engine.js', 'audit/registry.js', 'workspace/load-workspace.js', 'policies/load-policy.js', 'policies/effective/effective-permissions.js', 'policies/permission-rules/claude-version.js'].map(load),
);
const auditor = AUDITORS.find((a) => a.id === 'permissions');
const policy = await loadPolicy({ root, rules: allRules() });
const behaviour = behaviourFor(policy.claudeVersion);
const c0 = process.cpuUsage();
const t0 = performance.now();
const workspace = await loadWorkspace({ root, home, managedDir });
const effective = effectivePermissions(workspace, behaviour);
const t1 = performance.now();
const result = runAuditors(workspace, policy, [auditor]);
const t2 = performance.now();
const cpu = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ load: t1 - t0, analysis: t2 - t1, ms: t2 - t0, findings: result.findings.length, rules: effective.rules.length, cpuMs: (cpu.user + cpu.system) / 1000 }));
