import path from 'node:path';
import { describeFirstJsonError, parseJsonDocument } from '../workspace/json-document.js';
import { readTextFile } from '../workspace/read-file.js';
import { writeFileAtomic } from '../workspace/write-file.js';
import { BASELINE_PATH, baselineSchema, serializeBaseline, type Baseline } from './baseline.js';

export class BaselineError extends Error {
  override readonly name = 'BaselineError';
}

const MAX_BYTES = 64 * 1024 * 1024;

/** Reads `.agentgov/baseline.json`; undefined when there is none; throws BaselineError when it is broken. */
export async function readBaselineFile(root: string): Promise<Baseline | undefined> {
  const read = await readTextFile(path.join(root, BASELINE_PATH), MAX_BYTES);
  if (read.text === undefined) {
    if (read.problems.some((p) => p.code === 'not-found')) return undefined;
    throw new BaselineError(`${BASELINE_PATH}: cannot read (${read.problems.map((p) => p.detail ?? p.code).join(', ')})`);
  }
  const doc = parseJsonDocument(read.text);
  const syntax = describeFirstJsonError(doc);
  if (syntax) throw new BaselineError(`${BASELINE_PATH}:${syntax}`);
  const parsed = baselineSchema().safeParse(doc.value);
  if (!parsed.success) {
    throw new BaselineError(parsed.error.issues.map((i) => `${BASELINE_PATH}: ${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('\n'));
  }
  return parsed.data;
}

export async function writeBaselineFile(root: string, baseline: Baseline): Promise<string> {
  const file = path.join(root, BASELINE_PATH);
  await writeFileAtomic(file, serializeBaseline(baseline));
  return file;
}
