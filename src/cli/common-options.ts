import path from 'node:path';
import { refuseConfigTarget } from './output-guard.js';
import { Command, Option } from 'commander';
import type { FailOn } from '../audit/run-audit.js';
import { REPORT_FORMATS, type ReportFormat } from '../report/types.js';
import type { CliIo } from './io.js';
export { scopesOf, type Scopes } from '../scopes.js';

/** Claude Code's managed settings folder by OS (reference §1.1). */
export function defaultManagedDir(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return '/Library/Application Support/ClaudeCode';
  if (platform === 'win32') return 'C:\\Program Files\\ClaudeCode';
  return '/etc/claude-code';
}

export interface CommonOptions {
  home?: string;
  managedDir?: string;
  policy?: string;
  format?: ReportFormat;
  output?: string;
  failOn?: FailOn;
  color?: boolean;
  quiet?: boolean;
}

export interface ResolvedCommon {
  root: string;
  home: string;
  /** `CLAUDE_CONFIG_DIR` (resolved) when set and no other home was asked for: Claude Code's folder instead of `<home>/.claude`. */
  claudeDir?: string;
  managedDir: string;
  policyPath?: string;
  format: ReportFormat;
  output?: string;
  failOn: FailOn;
  color: boolean;
  quiet: boolean;
}

/** `--state-dir` resolved against the working folder, else the root's default state folder. */
export async function stateDirOf(option: string | undefined, common: ResolvedCommon, io: CliIo): Promise<string> {
  if (option) return path.resolve(io.cwd, option);
  const { defaultStateDir } = await import('../workspace/ledger-file.js');
  return defaultStateDir(common.root, io.env, common.home);
}

const COMMON_KEYS = ['home', 'managedDir', 'policy', 'format', 'output', 'failOn', 'color', 'quiet'] as const;

/**
 * The global options. They are declared on the program and on each command, so that both `agentgov --format json
 * audit` and `agentgov audit --format json` work; defaults are applied in `resolveCommon`, not by commander, so that
 * a default on the command never hides a value given before it.
 */
export function addCommonOptions(command: Command): Command {
  return command
    .option('--home <dir>', 'home directory for user-scope files (env AGENTGOV_HOME; default: your home, whose ~/.claude is CLAUDE_CONFIG_DIR when that is set)')
    .option('--managed-dir <dir>', 'managed settings folder (default: the OS path, /etc/claude-code on Linux)')
    .option('--policy <file>', 'policy file (default: <root>/agentgov.json, else the recommended preset)')
    .addOption(new Option('--format <format>', 'report format (default: text)').choices(REPORT_FORMATS))
    .option('--output <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity (default: error)').choices(['error', 'warning', 'info', 'never']))
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .option('--quiet', 'show only findings at or above --fail-on, and no status messages');
}

/** The common options given on the command line, on the command or before it at any level (the innermost win). */
export function commonOptionsOf(command: Command): Partial<CommonOptions> {
  const out: Record<string, unknown> = {};
  const chain: Command[] = [];
  for (let c: Command | null = command; c; c = c.parent) chain.unshift(c);
  for (const cmd of chain) {
    for (const key of COMMON_KEYS) {
      const source = cmd.getOptionValueSource(key);
      if (source && source !== 'default') out[key] = cmd.opts()[key];
    }
  }
  return out as Partial<CommonOptions>;
}

export function resolveCommon(rootArg: string | undefined, options: Partial<CommonOptions>, io: CliIo): ResolvedCommon {
  const resolve = (p: string) => path.resolve(io.cwd, p);
  const output = options.output ? resolve(options.output) : undefined;
  const forced = io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0';
  const noColorEnv = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  const color = options.color !== false && !noColorEnv && !output && (forced || io.stdoutIsTTY);
  const resolved: ResolvedCommon = {
    root: resolve(rootArg ?? '.'),
    home: resolve(options.home ?? io.env.AGENTGOV_HOME ?? io.homedir),
    managedDir: resolve(options.managedDir ?? defaultManagedDir(io.platform)),
    format: options.format ?? 'text',
    failOn: options.failOn ?? 'error',
    color,
    quiet: options.quiet ?? false,
  };
  if (options.policy) resolved.policyPath = resolve(options.policy);
  // Claude Code reads ~/.claude from CLAUDE_CONFIG_DIR when it is set (reference §1.1, §9). An explicit --home (or
  // AGENTGOV_HOME) audits another home, whose .claude is the one meant; this environment's variable does not apply.
  const configDir = io.env.CLAUDE_CONFIG_DIR;
  if (configDir && options.home === undefined && io.env.AGENTGOV_HOME === undefined) resolved.claudeDir = resolve(configDir);
  if (output) {
    refuseConfigTarget(output, resolved.root, resolved.home, '--output');
    resolved.output = output;
  }
  return resolved;
}
