import { resolveCallPath } from './path-match.js';
import { canonicalToolName, COMMAND_TOOLS, PATH_TOOLS } from './tools.js';

/** What the agent would do: one tool use, with the argument rules match on. */
export interface ToolCall {
  tool: string;
  /** Bash/PowerShell command line. */
  command?: string;
  /** Absolute posix path of a file tool. */
  path?: string;
  /** WebFetch URL and its lower-case host. */
  url?: string;
  host?: string;
  /** Agent type or skill name (with `args` for skills). */
  name?: string;
  args?: string;
  /** Top-level scalar inputs, for `Tool(param:value)` rules. */
  input?: Record<string, string>;
}

export class CallParseError extends Error {
  override readonly name = 'CallParseError';
}

/**
 * Reads a call written like a rule: `Bash(git push)`, `Read(./.env)`, `Read(/etc/hosts)`, `WebFetch(https://x/y)`,
 * `mcp__github__create_issue`, `Agent(Explore)`. Paths are ordinary paths (absolute, `~/…`, or relative to `cwd`).
 */
export function parseCall(text: string, bases: { cwd: string; home: string }): ToolCall {
  const s = text.trim();
  const open = s.indexOf('(');
  if (open >= 0 && !s.endsWith(')')) throw new CallParseError(`cannot read "${text}": expected Tool(argument)`);
  const rawName = open >= 0 ? s.slice(0, open) : s;
  const arg = open >= 0 ? s.slice(open + 1, -1) : undefined;
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(rawName)) throw new CallParseError(`cannot read "${text}": "${rawName}" is not a tool name`);
  const tool = canonicalToolName(rawName);
  if (arg === undefined || arg.trim() === '') {
    if (COMMAND_TOOLS.has(tool) || PATH_TOOLS.has(tool) || tool === 'WebFetch') throw new CallParseError(`cannot read "${text}": ${tool} needs an argument`);
    return { tool };
  }
  if (COMMAND_TOOLS.has(tool)) return { tool, command: arg, input: { command: arg } };
  if (PATH_TOOLS.has(tool)) {
    const p = resolveCallPath(arg.trim(), bases);
    return { tool, path: p, input: { [tool === 'NotebookEdit' ? 'notebook_path' : tool === 'Glob' || tool === 'Grep' ? 'path' : 'file_path']: p } };
  }
  if (tool === 'WebFetch') {
    let url: URL;
    try {
      url = new URL(arg.trim());
    } catch {
      throw new CallParseError(`cannot read "${text}": "${arg}" is not a URL`);
    }
    return { tool, url: url.href, host: url.hostname.toLowerCase().replace(/\.$/, ''), input: { url: url.href } };
  }
  if (tool === 'Skill') {
    const [name = '', ...rest] = arg.trim().split(/\s+/);
    return { tool, name, ...(rest.length > 0 ? { args: rest.join(' ') } : {}), input: { skill: name } };
  }
  if (tool === 'Agent') return { tool, name: arg.trim(), input: { subagent_type: arg.trim() } };
  return { tool, name: arg.trim() };
}

/** `Bash(git push)`-style text of a call, for messages. */
export function formatCall(call: ToolCall): string {
  const arg = call.command ?? call.path ?? call.url ?? (call.name !== undefined ? [call.name, call.args].filter(Boolean).join(' ') : undefined);
  return arg === undefined ? call.tool : `${call.tool}(${arg})`;
}
