/**
 * Claude Code session transcripts (`~/.claude/projects/<slug>/<session-id>.jsonl`): per-tool use and denial counts.
 *
 * The JSONL format is internal to Claude Code and "changes between versions" (reference memory-and-prompts §A.6), so
 * everything here is defensive: a line is either understood, ignored as an unknown-but-harmless record, or counted
 * as skipped. Nothing in this module throws.
 *
 * Record shapes assumed (reference claude-code-config §7.3–7.4, memory-and-prompts §A.6; third-party observations):
 * - every line is a JSON object with a string `type` and usually an ISO-8601 `timestamp`;
 * - `type: "assistant"` → `message.content[]` holds `{type: "tool_use", id, name, input}` blocks;
 * - `type: "user"` → `message.content` is a string (a prompt) or blocks, among them
 *   `{type: "tool_result", tool_use_id, is_error, content}` where `content` is a string or `[{type: "text", text}]`;
 *   a sibling `toolUseResult` string ("Error: …") is used when the block has no text;
 * - other `type`s (`system`, `summary`, `progress`, `file-history-snapshot`, …, and types added later) are records
 *   with nothing to count.
 * Subagent transcripts (`<session>/subagents/*.jsonl`) have the same record shape (lines additionally carry
 * `isSidechain: true` and `agentId`), so they are scanned too; `<session>/tool-results/` holds raw tool output, not
 * records, and is not read. Tool-use ids are de-duplicated across all files, because a resumed session can replay
 * earlier records and one API response can be written several times.
 */
import { constants as fsConstants, promises as fsp } from 'node:fs';
import path from 'node:path';
import { isObject } from './json-value.js';
import { listDir } from './read-file.js';
import { readLines } from './read-lines.js';
import { classifyDenial, type DenialKind } from './transcript-denials.js';
import { compareText } from '../text-order.js';

// Importers keep one entry point for transcripts: where they are, how denials are told apart, and the scan.
export { classifyDenial } from './transcript-denials.js';
export { projectSlug, transcriptDirIn } from './transcript-folder.js';

export interface ToolUsage {
  tool: string;
  uses: number;
  denials: number;
  /** Denials per {@link DenialKind}; kinds that did not occur are absent. */
  denialKinds: Record<string, number>;
}

export interface TranscriptScan {
  /** Transcript files read (top-level and subagent `*.jsonl`). */
  files: number;
  /** Non-empty lines parsed as a JSON object with a string `type`, inside or outside the window. */
  records: number;
  /** Non-empty lines that are not JSON, not an object with a string `type`, malformed user/assistant records, or too long. */
  skipped: number;
  /** Earliest and latest record timestamp inside the window, normalised to `Date#toISOString()`. */
  firstAt?: string;
  lastAt?: string;
  /** Sorted by uses (descending), then tool name. */
  tools: ToolUsage[];
  /** At most {@link MAX_PROBLEMS}; `file` is relative to the scanned folder, `line` is 1-based (0: the whole file). */
  problems: { file: string; line: number; reason: string }[];
}

export interface ScanOptions {
  /** Also scan `<dir>/<session>/subagents/*.jsonl` (default true). */
  includeSubagents?: boolean;
  /** Called once per distinct tool use (any time, inside the window or not): the memory auditor reads recalls from it. */
  onToolUse?: (use: ToolUse) => void;
}

export interface ToolUse {
  /** As recorded (`Task` is not renamed here). */
  name: string;
  input: unknown;
  /** The record's ISO timestamp, when it has a parseable one. */
  timestamp?: string;
}

/** Lines longer than this many bytes are not parsed (counted as skipped); the rest of the file is still read. */
const MAX_LINE_BYTES = 10 * 1024 * 1024;
export const MAX_PROBLEMS = 50;
/** At most this many transcript files are read per scan; the rest is reported as one problem. */
const MAX_FILES = 10_000;
/** The tool name reported for a denial whose `tool_use_id` matches no `tool_use` seen in the scanned files. */
export const UNKNOWN_TOOL = '(unknown)';

/** Claude Code reports the subagent tool as `Task` in older transcripts and `Agent` in newer ones. */
function toolName(name: string): string {
  return name === 'Task' ? 'Agent' : name;
}

type Json = unknown;

/** Text of a tool_result `content`: a string, or the `text` of its text blocks. */
function resultText(content: Json): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  const parts: string[] = [];
  for (const block of content) {
    if (isObject(block) && typeof block.text === 'string') parts.push(block.text);
    else if (typeof block === 'string') parts.push(block);
  }
  return parts.join('\n');
}

interface Accumulator {
  window: { since: number; until: number };
  result: TranscriptScan;
  /** tool_use id → tool name, from every file and regardless of the window (a denial can follow a use across the edge). */
  nameById: Map<string, string>;
  seenUseIds: Set<string>;
  seenDeniedIds: Set<string>;
  uses: Map<string, number>;
  denials: { id: string | undefined; kind: DenialKind }[];
  onToolUse?: (use: ToolUse) => void;
  firstMs?: number;
  lastMs?: number;
}

function addProblem(acc: Accumulator, file: string, line: number, reason: string): void {
  if (acc.result.problems.length < MAX_PROBLEMS) acc.result.problems.push({ file, line, reason });
}

function inWindow(acc: Accumulator, ms: number): boolean {
  return ms >= acc.window.since && ms <= acc.window.until;
}

/** Interprets one parsed line; returns a reason when the line is skipped. */
function handleRecord(acc: Accumulator, value: Json, fileInWindow: boolean): string | undefined {
  if (!isObject(value)) return 'not a JSON object';
  const type = value.type;
  if (typeof type !== 'string') return 'unknown record shape (no string "type")';
  let message: Record<string, Json> | undefined;
  if (type === 'user' || type === 'assistant') {
    message = isObject(value.message) ? value.message : undefined;
    const content = message?.content;
    if (typeof content !== 'string' && !Array.isArray(content)) return `unknown ${type} record shape (no message.content)`;
  }
  acc.result.records++;

  const ms = typeof value.timestamp === 'string' ? Date.parse(value.timestamp) : Number.NaN;
  const counted = Number.isNaN(ms) ? fileInWindow : inWindow(acc, ms);
  if (!Number.isNaN(ms) && counted) {
    if (acc.firstMs === undefined || ms < acc.firstMs) acc.firstMs = ms;
    if (acc.lastMs === undefined || ms > acc.lastMs) acc.lastMs = ms;
  }

  const blocks = message?.content;
  if (!Array.isArray(blocks)) return undefined;
  if (type === 'assistant') {
    for (const block of blocks) {
      if (!isObject(block) || block.type !== 'tool_use' || typeof block.name !== 'string' || block.name === '') continue;
      const name = toolName(block.name);
      const id = typeof block.id === 'string' && block.id !== '' ? block.id : undefined;
      if (id !== undefined) {
        if (acc.seenUseIds.has(id)) continue;
        acc.seenUseIds.add(id);
        acc.nameById.set(id, name);
      }
      if (counted) acc.uses.set(name, (acc.uses.get(name) ?? 0) + 1);
      acc.onToolUse?.({ name: block.name, input: block.input, ...(Number.isNaN(ms) ? {} : { timestamp: new Date(ms).toISOString() }) });
    }
  } else if (type === 'user') {
    for (const block of blocks) {
      if (!isObject(block) || block.type !== 'tool_result' || block.is_error !== true) continue;
      let text = resultText(block.content);
      if (text.trim() === '' && typeof value.toolUseResult === 'string') text = value.toolUseResult;
      const kind = classifyDenial(text);
      if (kind === undefined || !counted) continue;
      const id = typeof block.tool_use_id === 'string' && block.tool_use_id !== '' ? block.tool_use_id : undefined;
      if (id !== undefined) {
        if (acc.seenDeniedIds.has(id)) continue;
        acc.seenDeniedIds.add(id);
      }
      acc.denials.push({ id, kind });
    }
  }
  return undefined;
}

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** Parses and interprets one line; returns a reason when the line is skipped (a blank line is not). */
function lineProblem(acc: Accumulator, text: string, terminated: boolean, fileInWindow: boolean): string | undefined {
  if (text.trim() === '') return undefined;
  let value: Json;
  try {
    value = JSON.parse(text) as Json;
  } catch {
    return terminated ? 'not JSON' : 'truncated last line (not JSON)';
  }
  return handleRecord(acc, value, fileInWindow);
}

/** Reads one transcript file; a line is held in memory only up to {@link MAX_LINE_BYTES}. */
async function scanFile(acc: Accumulator, absPath: string, label: string): Promise<void> {
  let handle: fsp.FileHandle;
  try {
    // O_NONBLOCK: a FIFO that appeared after listing must not block the open.
    handle = await fsp.open(absPath, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  } catch (error) {
    addProblem(acc, label, 0, `cannot open: ${(error as NodeJS.ErrnoException | undefined)?.code ?? 'error'}`);
    return;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) {
      addProblem(acc, label, 0, 'not a regular file');
      return;
    }
    acc.result.files++;
    const fileInWindow = inWindow(acc, st.mtimeMs);
    let lineNo = 0;
    await readLines(handle, MAX_LINE_BYTES, (bytes, terminated) => {
      lineNo++;
      const reason = bytes === undefined ? `line longer than ${MAX_LINE_BYTES} bytes, not parsed` : lineProblem(acc, decoder.decode(bytes), terminated, fileInWindow);
      if (reason !== undefined) {
        acc.result.skipped++;
        addProblem(acc, label, lineNo, reason);
      }
    });
  } catch (error) {
    addProblem(acc, label, 0, `read error: ${(error as NodeJS.ErrnoException | undefined)?.code ?? String(error)}`);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** `*.jsonl` files to scan, as [absolute path, label relative to `dir`]. */
async function transcriptFiles(acc: Accumulator, dir: string, includeSubagents: boolean): Promise<[string, string][]> {
  const top = await listDir(dir);
  if (top.problem) addProblem(acc, '.', 0, `cannot list folder: ${top.problem.detail ?? top.problem.code}`);
  const files: [string, string][] = [];
  for (const entry of top.entries) {
    if (entry.kind === 'file' && entry.name.endsWith('.jsonl')) files.push([path.join(dir, entry.name), entry.name]);
  }
  if (includeSubagents) {
    for (const entry of top.entries) {
      if (entry.kind !== 'dir') continue;
      const sub = path.join(dir, entry.name, 'subagents');
      const listed = await listDir(sub);
      for (const f of listed.entries) {
        if (f.kind === 'file' && f.name.endsWith('.jsonl')) files.push([path.join(sub, f.name), `${entry.name}/subagents/${f.name}`]);
      }
    }
  }
  return files;
}

/**
 * Scans `*.jsonl` in `dir` (and `<session>/subagents/*.jsonl`, same record shape; not `tool-results/`) and counts,
 * per tool, tool uses (assistant `tool_use` blocks) and denials (user `tool_result` blocks with `is_error: true` whose
 * text matches {@link DENIAL_PATTERNS} or the hook heuristic, tied to the tool through `tool_use_id`), for records whose
 * `timestamp` is within [since, until]; records without a (parseable) timestamp count when the file's mtime is in the
 * window. `Task` is reported as `Agent`. A denial whose tool use is not found is reported under {@link UNKNOWN_TOOL}.
 * Never throws: a missing folder is an empty scan, unreadable files and bad lines become problems.
 */
export async function scanTranscripts(
  dir: string,
  window: { since: Date; until: Date },
  options: ScanOptions = {},
): Promise<TranscriptScan> {
  const result: TranscriptScan = { files: 0, records: 0, skipped: 0, tools: [], problems: [] };
  const acc: Accumulator = {
    window: { since: window.since.getTime(), until: window.until.getTime() },
    result,
    nameById: new Map(),
    seenUseIds: new Set(),
    seenDeniedIds: new Set(),
    uses: new Map(),
    denials: [],
    ...(options.onToolUse ? { onToolUse: options.onToolUse } : {}),
  };
  try {
    const files = await transcriptFiles(acc, dir, options.includeSubagents ?? true);
    if (files.length > MAX_FILES) addProblem(acc, '.', 0, `${files.length} transcript files; only the first ${MAX_FILES} were read`);
    for (const [abs, label] of files.slice(0, MAX_FILES)) await scanFile(acc, abs, label);
  } catch (error) {
    addProblem(acc, '.', 0, `scan aborted: ${String(error)}`);
  }
  return finish(acc);
}

function finish(acc: Accumulator): TranscriptScan {
  const byTool = new Map<string, ToolUsage>();
  const usage = (tool: string): ToolUsage => {
    let u = byTool.get(tool);
    if (!u) byTool.set(tool, (u = { tool, uses: 0, denials: 0, denialKinds: {} }));
    return u;
  };
  for (const [tool, n] of acc.uses) usage(tool).uses += n;
  for (const { id, kind } of acc.denials) {
    const u = usage((id !== undefined ? acc.nameById.get(id) : undefined) ?? UNKNOWN_TOOL);
    u.denials++;
    u.denialKinds[kind] = (u.denialKinds[kind] ?? 0) + 1;
  }
  const result = acc.result;
  result.tools = [...byTool.values()].sort((a, b) => b.uses - a.uses || compareText(a.tool, b.tool));
  if (acc.firstMs !== undefined) result.firstAt = new Date(acc.firstMs).toISOString();
  if (acc.lastMs !== undefined) result.lastAt = new Date(acc.lastMs).toISOString();
  return result;
}
