import { writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allRules } from '../../src/audit/registry.js';
import { diffLock, isEmptyDiff } from '../../src/lock/diff-lock.js';
import { parseLock } from '../../src/lock/lock-json.js';
import type { Lock } from '../../src/lock/lock-types.js';
import { loadPolicy, PolicyError } from '../../src/policies/load-policy.js';
import { parseFrontmatter, locateInFrontmatter, quotePlainValues } from '../../src/workspace/frontmatter.js';
import { describeFirstJsonError, locate, parseJsonDocument, parseJsonValue } from '../../src/workspace/json-document.js';
import { LineIndex } from '../../src/workspace/positions.js';
import { decodeText } from '../../src/workspace/read-file.js';
import { tempDir } from '../helpers/tree.js';
import { hostileBytes, hostileJson, hostileJsonText, hostileKey, hostileString, mutated } from './arbitraries.js';
import { fuzz, fuzzTimeout } from './fuzz.js';

const pointer = fc.oneof(hostileString, fc.array(hostileKey, { maxLength: 4 }).map((ks) => `/${ks.join('/')}`));

/** A lock as `agentgov lock` writes it, to mutate. */
const SAMPLE_LOCK: Lock = {
  lockfileVersion: 1,
  hashProfile: 'agentgov-norm-v1',
  root: 'h1:n4bQgYhMfWWaL+qgxVrQFaO/TxsrC4Is0V1sFbDwCgg=',
  files: {
    'CLAUDE.md': { kind: 'claude-md', scope: 'project', bytes: 120, lines: 4, integrity: 'sha256-AAAA', normalized: 'sha256-BBBB', gitBlob: 'abc123', imports: ['docs/a.md'], closure: 'h1:x', flags: ['hidden:U+200B@2:3'] },
    '.claude/skills/deploy/SKILL.md': { kind: 'skill', scope: 'project', bytes: 80, integrity: 'sha256-CCCC', version: '1.2.0', bundle: 'h1:y', frontmatter: { 'allowed-tools': 'Bash(./deploy.sh *)', hooks: { Stop: [{ hooks: [{ type: 'command', command: 'x' }] }] } } },
  },
  extensions: { 'mcp-server': { 'project:github': { integrity: 'sha256-DDDD', command: 'npx' } } },
};

/** A policy using every section, to mutate. */
const SAMPLE_POLICY = {
  $schema: './schema/policy.schema.json',
  extends: ['agentgov:recommended'],
  claudeVersion: '2.1.240',
  rules: { 'permissions/unrestricted-tool': 'error', 'permissions/network-egress': ['warning', {}], 'prompts/instruction-budget': ['info'] },
  ignore: ['vendor/**'],
  permissions: { requiredDeny: ['Bash(rm -rf /)', { call: 'Read(./.env)', reason: 'secrets' }], forbidden: [{ rule: 'Bash(*)', lists: ['allow'] }], tests: [{ call: 'Bash(git push)', expect: 'ask', mode: 'default' }] },
  history: { window: '7d', trendThreshold: 10, lowDenialUses: 50 },
  extensions: { tierOrder: ['managed', 'bundled', 'user', 'project', 'plugin', 'mcp'], ceilings: { project: { shell: false, hooks: false } }, mcp: { allow: [{ name: 'github' }], block: [{ url: 'https://*.evil.example/*' }] } },
  prompts: { requireVersion: ['skill'], budget: { perFileChars: 4000, totalChars: 12000 } },
  memory: { stores: ['.claude/memories/*.md'], autoMemory: true, halfLifeDays: { project: 30 }, keep: { within: '14d', types: ['user'] }, safety: { maxArchiveFraction: 0.5 } },
};

describe('loaders never throw on hostile input (fast-check)', () => {
  it(
    'JSON documents: a value or syntax errors with positions, and locations for any pointer',
    async () => {
      await fuzz(
        'json-document',
        fc.property(hostileJsonText(mutated(SAMPLE_POLICY)), pointer, (text, where) => {
          const doc = parseJsonDocument(text);
          for (const e of doc.errors) expect(e.position.line).toBeGreaterThanOrEqual(1);
          // The same value JSON.parse gives (compared on small texts: deep values would overflow the comparison itself).
          expect(parseJsonValue(text) === undefined).toBe(doc.value === undefined);
          if (doc.errors.length === 0 && text.length < 2_000) expect(doc.value).toEqual(JSON.parse(text));
          describeFirstJsonError(doc);
          expect(locate(doc, where).start.line).toBeGreaterThanOrEqual(1);
          locate(doc, where, 'key');
        }),
        150,
      );
    },
    fuzzTimeout(30_000),
  );

  it(
    'frontmatter: data or errors, and locations for any pointer',
    async () => {
      const yaml = fc.oneof(hostileString, hostileJson().map((v) => JSON.stringify(v) ?? ''), fc.array(fc.tuple(hostileKey, hostileString), { maxLength: 6 }).map((kv) => kv.map(([k, v]) => `${k}: ${v}`).join('\n')));
      await fuzz(
        'frontmatter',
        fc.property(fc.constantFrom('---\n', '---\r\n', '--- \n', ''), yaml, fc.constantFrom('\n---\n', '\n...\n', '', '\r\n---'), hostileString, pointer, (open, body, close, rest, where) => {
          const text = `${open}${body}${close}${rest}`;
          const lines = new LineIndex(text);
          const fm = parseFrontmatter(text, lines);
          if (fm) {
            expect(fm.data === undefined || (typeof fm.data === 'object' && !Array.isArray(fm.data))).toBe(true);
            locateInFrontmatter(fm, lines, where);
            locateInFrontmatter(fm, lines, where, 'key');
          }
          quotePlainValues(body);
        }),
        150,
      );
    },
    fuzzTimeout(30_000),
  );

  it(
    'decodeText: text (or "binary") for any bytes, with the problems named',
    async () => {
      await fuzz(
        'read-file/decodeText',
        fc.property(hostileBytes, (bytes) => {
          const r = decodeText(bytes);
          expect(r.size).toBe(bytes.length);
          if (r.text === undefined) expect(r.problems.map((p) => p.code)).toEqual(['binary']);
        }),
        500,
      );
    },
    fuzzTimeout(30_000),
  );

  it(
    'the lock reader: a lock or an error message, and a diff against the files now',
    async () => {
      await fuzz(
        'lock/parseLock+diff',
        fc.property(hostileJsonText(mutated(SAMPLE_LOCK)), (text) => {
          const parsed = parseLock(text);
          if (!parsed.ok) {
            expect(typeof parsed.error).toBe('string');
            return;
          }
          expect(Object.getPrototypeOf(parsed.lock.files)).toBe(Object.prototype);
          expect(Object.getPrototypeOf(parsed.lock.extensions)).toBe(Object.prototype);
          isEmptyDiff(diffLock(SAMPLE_LOCK, parsed.lock));
          isEmptyDiff(diffLock(parsed.lock, SAMPLE_LOCK));
        }),
        300,
      );
    },
    fuzzTimeout(30_000),
  );

  it(
    'the policy loader: a resolved policy, or a PolicyError naming the problems',
    async () => {
      const dir = tempDir();
      const rules = allRules();
      const file = path.join(dir, 'agentgov.json');
      writeFileSync(path.join(dir, 'base.json'), JSON.stringify({ rules: { 'permissions/unrestricted-tool': 'warning' } }));
      const policy = fc.oneof(
        { weight: 4, arbitrary: mutated(SAMPLE_POLICY).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
        { weight: 1, arbitrary: mutated({ extends: ['./base.json', 'agentgov:strict'], rules: {} }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')) },
        { weight: 1, arbitrary: hostileJsonText().map((t) => Buffer.from(t)) },
        { weight: 1, arbitrary: hostileBytes.map((b) => Buffer.from(b)) },
      );
      let accepted = 0;
      await fuzz(
        'policy/loadPolicy',
        fc.asyncProperty(policy, async (bytes) => {
          writeFileSync(file, bytes);
          let resolved;
          try {
            resolved = await loadPolicy({ root: dir, policyPath: file, rules });
          } catch (error) {
            expect(error).toBeInstanceOf(PolicyError);
            expect((error as PolicyError).problems.length).toBeGreaterThan(0);
            return;
          }
          accepted++;
          expect(resolved.hash).toMatch(/^sha256:/);
          expect(Object.keys(resolved.rules)).toHaveLength(rules.length);
          for (const severity of Object.values(resolved.rules).map((r) => r.severity)) expect(['off', 'info', 'warning', 'error']).toContain(severity);
          expect(Object.getPrototypeOf(resolved.sections)).toBe(Object.prototype);
          for (const section of Object.values(resolved.sections)) expect(Object.getPrototypeOf(section)).toBe(Object.prototype);
        }),
        150,
      );
      // Mutations of valid policies: some load, so the checks on a resolved policy ran.
      expect(accepted).toBeGreaterThanOrEqual(5);
    },
    fuzzTimeout(30_000),
  );
});
