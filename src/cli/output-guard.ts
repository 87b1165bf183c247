import path from 'node:path';
import { isAgentConfigPath } from '../workspace/staged-files.js';
import { UsageError } from './io.js';

/**
 * A report written over `agentgov.json`, a settings file or the lock destroys configuration that the next run would
 * then audit (a documented CI recipe once wrote `--output agentgov.json`). Paths agentgov reads as configuration, in
 * the project or in the home's `.claude`, are refused before anything runs.
 */
export function refuseConfigTarget(file: string, root: string, home: string, option: string): void {
  const inside = (base: string) => {
    const rel = path.relative(base, file);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : undefined;
  };
  const inRoot = inside(root);
  const inHome = inside(home);
  const config = (inRoot !== undefined && isAgentConfigPath(inRoot)) || (inHome !== undefined && (inHome === '.claude.json' || inHome.startsWith('.claude/')));
  if (config) throw new UsageError(`${option} ${file}: that is an agent-configuration file agentgov reads; write the report elsewhere (e.g. agentgov-report.json)`);
}
