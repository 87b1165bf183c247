import { relInside } from '../workspace/rel-inside.js';
import { isAgentConfigPath } from '../workspace/staged-files.js';
import { UsageError } from './io.js';

/**
 * A report written over `agentgov.json`, a settings file or the lock destroys configuration that the next run would
 * then audit (a documented CI recipe once wrote `--output agentgov.json`). Paths agentgov reads as configuration, in
 * the project or in the home's `.claude`, are refused before anything runs.
 */
export function refuseConfigTarget(file: string, root: string, home: string, option: string): void {
  const inRoot = relInside(root, file);
  const inHome = relInside(home, file);
  const config = (inRoot !== undefined && isAgentConfigPath(inRoot)) || (inHome !== undefined && (inHome === '.claude.json' || inHome.startsWith('.claude/')));
  if (config) throw new UsageError(`${option} ${file}: that is an agent-configuration file agentgov reads; write the report elsewhere (e.g. agentgov-report.json)`);
}
