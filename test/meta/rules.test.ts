import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docsUrlFor } from '../../src/audit/create-rule.js';
import { AUDITORS, allRules } from '../../src/audit/registry.js';
import { presetRules } from '../../src/policies/presets.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const rules = allRules();

describe('rule catalog', () => {
  it('has unique ids of the form auditor/kebab-name, under their auditor', () => {
    const ids = rules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const auditor of AUDITORS) {
      for (const rule of auditor.rules) expect(rule.meta.id).toMatch(new RegExp(`^${auditor.id}/[a-z0-9]+(-[a-z0-9]+)*$`));
    }
  });

  it('has one source file per rule, named after it, and no unregistered rule files', () => {
    for (const auditor of AUDITORS) {
      const dir = path.join(repo, 'src/audit', auditor.id, 'rules');
      const files = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, '')).sort();
      expect(files).toEqual(auditor.rules.map((r) => r.meta.id.split('/')[1]).sort());
    }
  });

  it('has a docs page per rule with the sections a reader needs, and the docs URL points at it', () => {
    for (const rule of rules) {
      const page = path.join(repo, 'docs/rules', `${rule.meta.id}.md`);
      expect(existsSync(page), page).toBe(true);
      const text = readFileSync(page, 'utf8');
      expect(text.startsWith(`# ${rule.meta.id}\n`), page).toBe(true);
      for (const section of ['Why', 'Bad example', 'Good example', 'How to fix']) expect(text, `${page}: ${section}`).toMatch(new RegExp(`^##.*${section}`, 'mi'));
      expect(rule.meta.docsUrl).toBe(docsUrlFor(rule.meta.id));
    }
    const pages = readdirSync(path.join(repo, 'docs/rules'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md'));
    expect(pages.map((p) => p.replace(/\.md$/, '').split(path.sep).join('/')).sort()).toEqual(rules.map((r) => r.meta.id).sort());
  });

  it('has a description and at least one message per rule', () => {
    for (const rule of rules) {
      expect(rule.meta.description.length).toBeGreaterThan(10);
      expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
    }
  });

  it('has a one-line fix per rule for the weekly digest (one sentence, balanced code spans)', () => {
    for (const rule of rules) {
      const fix = rule.meta.howToFix ?? '';
      expect(fix, rule.meta.id).toMatch(/^[A-Z`].{15,150}\.$/);
      expect((fix.match(/`/g) ?? []).length % 2, rule.meta.id).toBe(0);
    }
  });

  it('puts every rule in both presets, strict never weaker than recommended', () => {
    const rank = { off: 0, info: 1, warning: 2, error: 3 } as const;
    const recommended = presetRules('agentgov:recommended', rules);
    const strict = presetRules('agentgov:strict', rules);
    for (const rule of rules) {
      const r = recommended[rule.meta.id];
      const s = strict[rule.meta.id];
      expect(r).toBe(rule.meta.defaultSeverity);
      expect(s).not.toBe('off');
      expect(rank[s ?? 'off']).toBeGreaterThanOrEqual(rank[r ?? 'off']);
    }
  });
});
