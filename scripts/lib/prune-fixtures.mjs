// The generated memory stores and the independent readers (files, journal) of scripts/fuzz-prune.mjs.
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const DAY = 86_400_000;

const WORDS = ['build', 'deploy', 'tests', 'schema', 'naïve', 'cache', 'token budget', 'migración', '日本語', 'retry', 'flaky', 'owner'];

/**
 * A store of 30–60 items: old project memories (archived by the default plan, at most 45% so the safety guard
 * passes), fresh ones, user and feedback memories, some in a subfolder; a MEMORY.md (LF or CRLF) with one line per
 * most items, lines pointing at two items, plain lines, and orphans.
 */
export function makeStore(random, dir) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const count = 30 + Math.floor(random() * 31);
  const old = Math.floor(count * (0.2 + 0.25 * random()));
  const eol = random() < 0.3 ? '\r\n' : '\n';
  const files = new Map();
  const names = [];
  for (let i = 0; i < count; i++) {
    const type = i < old ? 'project' : pick(['project', 'user', 'feedback', 'reference']);
    const age = i < old ? 100 + Math.floor(random() * 300) : type === 'project' ? Math.floor(random() * 10) : Math.floor(random() * 40);
    const rel = `${random() < 0.2 ? 'topics/' : ''}${type}_${i}.md`;
    const body = Array.from({ length: 1 + Math.floor(random() * 6) }, () => `${pick(WORDS)} ${pick(WORDS)} ${Math.floor(random() * 1e6)}.`).join(eol);
    const modified = new Date(Date.now() - age * DAY).toISOString();
    files.set(rel, Buffer.from(['---', `name: ${type} ${i}`, `description: about ${pick(WORDS)}`, `type: ${type}`, `modified: ${modified}`, '---', body, ''].join(eol)));
    names.push(rel);
  }
  const lines = ['# Memory index'];
  for (let i = 0; i < names.length; i++) {
    const r = random();
    if (r < 0.1) continue; // an orphan
    if (r < 0.2 && i + 1 < names.length) lines.push(`- [Pair ${i}](${names[i]}) and [next](${names[i + 1]}) — both`);
    else lines.push(`- [Item ${i}](${names[i]}) — ${pick(WORDS)}`);
    if (random() < 0.1) lines.push(`Plain note about ${pick(WORDS)}`);
  }
  files.set('MEMORY.md', Buffer.from(`${lines.join(eol)}${eol}`));
  const at = new Date(Date.now() - 3 * DAY);
  for (const [rel, bytes] of files) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, bytes);
    utimesSync(abs, at, at);
  }
  return files;
}

/** Every regular file below `dir` (relative path → bytes), and whether anything else (a link, a FIFO) is there. */
export function readTree(dir) {
  const files = new Map();
  const others = [];
  const visit = (rel) => {
    let names;
    try {
      names = readdirSync(path.join(dir, rel));
    } catch {
      return;
    }
    for (const name of names) {
      const child = rel ? `${rel}/${name}` : name;
      const st = lstatSync(path.join(dir, child));
      if (st.isDirectory()) visit(child);
      else if (st.isFile()) files.set(child, readFileSync(path.join(dir, child)));
      else others.push(child);
    }
  };
  visit('');
  return { files, others };
}

export function readJournal(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        const v = JSON.parse(line);
        return v && typeof v.op === 'string' ? [v] : [];
      } catch {
        return []; // a torn last line
      }
    });
}

/** Plans begun and neither committed nor rolled back. */
export function openPlans(entries) {
  const open = new Map();
  for (const e of entries) {
    if (e.op === 'begin') open.set(e.planId, e);
    else if (e.op === 'commit' || e.op === 'rollback') open.delete(e.planId);
  }
  return [...open.keys()];
}
