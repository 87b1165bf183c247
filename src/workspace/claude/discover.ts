import path from 'node:path';
import { listDir, realPath, type DirEntry } from '../read-file.js';
import type { ReadProblem } from '../types.js';
import { CLAUDE_SOURCES, type Base, type SourceSpec } from './sources.js';

export interface Candidate {
  spec: SourceSpec;
  absPath: string;
  /** Display path (see ConfigFile.path). */
  path: string;
  /** Set when the folder that should hold the file could not be listed. */
  listProblem?: ReadProblem;
}

export interface Bases {
  root: string;
  home: string;
  /** Claude Code's folder: `<home>/.claude`, or where `CLAUDE_CONFIG_DIR` puts it. */
  claude: string;
  managed: string;
}

const MAX_DEPTH = 32;

export function displayPath(base: Base, rel: string, bases: Pick<Bases, 'home' | 'claude'>): string {
  if (base === 'root') return rel;
  if (base === 'home') return `~/${rel}`;
  // A relocated Claude folder is shown by its variable: the same on every machine, like `~/`.
  if (base === 'claude') return bases.claude === path.join(bases.home, '.claude') ? `~/.claude/${rel}` : `$CLAUDE_CONFIG_DIR/${rel}`;
  return `<managed>/${rel}`;
}

/** Expands every source pattern into the files that exist. Missing folders are simply empty. */
export async function discoverClaudeFiles(bases: Bases, sources: readonly SourceSpec[] = CLAUDE_SOURCES): Promise<Candidate[]> {
  const perSpec = await Promise.all(sources.map((spec) => expand(spec, bases)));
  return perSpec.flat();
}

async function expand(spec: SourceSpec, bases: Bases): Promise<Candidate[]> {
  const baseDir = bases[spec.base];
  const make = (rel: string, listProblem?: ReadProblem): Candidate => ({
    spec,
    absPath: path.join(baseDir, rel),
    path: displayPath(spec.base, rel, bases),
    ...(listProblem ? { listProblem } : {}),
  });
  const recursive = /^(.*)\/\*\*\/\*(\.[a-z]+)$/.exec(spec.pattern);
  if (recursive) return walk(baseDir, recursive[1] ?? '', recursive[2] ?? '', make);
  const oneLevel = /^(.*)\/\*(\.[a-z]+)$/.exec(spec.pattern);
  if (oneLevel) {
    const dir = oneLevel[1] ?? '';
    const listed = await listDir(path.join(baseDir, dir));
    if (listed.problem) return [make(dir, listed.problem)];
    return listed.entries.filter((e) => isVisibleFile(e, oneLevel[2] ?? '')).map((e) => make(`${dir}/${e.name}`));
  }
  const perFolder = /^(.*)\/\*\/([^/*]+)$/.exec(spec.pattern);
  if (perFolder) {
    const dir = perFolder[1] ?? '';
    const listed = await listDir(path.join(baseDir, dir));
    if (listed.problem) return [make(dir, listed.problem)];
    const found: Candidate[] = [];
    for (const e of listed.entries) {
      if (e.kind !== 'dir' || e.name.startsWith('.')) continue;
      const rel = `${dir}/${e.name}/${perFolder[2]}`;
      const inner = await listDir(path.join(baseDir, dir, e.name));
      if (inner.problem) found.push(make(`${dir}/${e.name}`, inner.problem));
      else if (inner.entries.some((x) => x.name === perFolder[2])) found.push(make(rel));
    }
    return found;
  }
  const listed = await listDir(path.dirname(path.join(baseDir, spec.pattern)));
  return listed.entries.some((e) => e.name === path.basename(spec.pattern)) ? [make(spec.pattern)] : [];
}

function isVisibleFile(entry: DirEntry, ext: string): boolean {
  return entry.kind !== 'dir' && !entry.name.startsWith('.') && entry.name.endsWith(ext);
}

async function walk(
  baseDir: string,
  dir: string,
  ext: string,
  make: (rel: string, problem?: ReadProblem) => Candidate,
): Promise<Candidate[]> {
  const found: Candidate[] = [];
  const seen = new Set<string>();
  const visit = async (rel: string, depth: number): Promise<void> => {
    const abs = path.join(baseDir, rel);
    const real = await realPath(abs);
    // A folder seen before through a symlink is a loop (or a duplicate): Claude Code follows symlinks, we stop.
    if (!real || seen.has(real) || depth > MAX_DEPTH) return;
    seen.add(real);
    const listed = await listDir(abs);
    if (listed.problem) {
      found.push(make(rel, listed.problem));
      return;
    }
    for (const e of listed.entries) {
      if (e.name.startsWith('.')) continue;
      const child = `${rel}/${e.name}`;
      if (e.kind === 'dir') await visit(child, depth + 1);
      else if (e.name.endsWith(ext)) found.push(make(child));
    }
  };
  await visit(dir, 0);
  return found;
}

/** The source spec a path relative to the root belongs to (for file lists from git), or undefined. */
export function specForRootPath(rel: string, sources: readonly SourceSpec[] = CLAUDE_SOURCES): SourceSpec | undefined {
  if (sources !== CLAUDE_SOURCES) return sources.find((spec) => spec.base === 'root' && matchesPattern(spec.pattern, rel));
  // History asks for the same few paths in every one of thousands of states: one lookup each (null: no spec).
  const known = rootSpecs.get(rel);
  if (known !== undefined) return known ?? undefined;
  const spec = sources.find((s) => s.base === 'root' && matchesPattern(s.pattern, rel));
  if (rootSpecs.size > 10_000) rootSpecs.clear();
  rootSpecs.set(rel, spec ?? null);
  return spec;
}

const rootSpecs = new Map<string, SourceSpec | null>();

function matchesPattern(pattern: string, rel: string): boolean {
  const hidden = (segments: string[]) => segments.some((s) => s.startsWith('.'));
  const recursive = /^(.*)\/\*\*\/\*(\.[a-z]+)$/.exec(pattern);
  if (recursive) {
    const dir = `${recursive[1]}/`;
    return rel.startsWith(dir) && rel.endsWith(recursive[2] ?? '') && !hidden(rel.slice(dir.length).split('/'));
  }
  const oneLevel = /^(.*)\/\*(\.[a-z]+)$/.exec(pattern);
  if (oneLevel) {
    const dir = `${oneLevel[1]}/`;
    const name = rel.slice(dir.length);
    return rel.startsWith(dir) && !name.includes('/') && !name.startsWith('.') && name.endsWith(oneLevel[2] ?? '');
  }
  const perFolder = /^(.*)\/\*\/([^/*]+)$/.exec(pattern);
  if (perFolder) {
    const dir = `${perFolder[1]}/`;
    const rest = rel.slice(dir.length).split('/');
    return rel.startsWith(dir) && rest.length === 2 && !(rest[0] ?? '.').startsWith('.') && rest[1] === perFolder[2];
  }
  return rel === pattern;
}
