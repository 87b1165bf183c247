import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { behaviourFor } from '../../../src/policies/permission-rules/claude-version.js';
import { fileMatcher, matches, mayMatchTool } from '../../../src/policies/permission-rules/matches.js';
import { parse } from '../../../src/policies/permission-rules/parse.js';

const bases = { cwd: '/w/proj/sub', home: '/home/u', source: '/w/proj' };

describe('fileMatcher', () => {
  it('answers for every path as matches does for that file tool call, and is absent for a tool the rule never matches', () => {
    const tool = fc.constantFrom('Read', 'Edit', 'Write', 'NotebookEdit', 'MultiEdit', 'Glob', 'Grep', 'Bash', 'WebFetch');
    const pattern = fc.constantFrom('./.env', '.env', '**/.env', '/src/**', '//etc/*', '~/.ssh/*', '~/.aws/**', '*.pem', 'sub/**', '../proj/**', '/**', 'id_?sa', '', '**');
    const rule = fc.oneof(
      fc.tuple(fc.constantFrom('Read', 'Edit', 'Write', 'Glob'), pattern).map(([t, p]) => (p === '' ? t : `${t}(${p})`)),
      fc.constantFrom('Bash', 'Bash(cat *)', 'WebFetch(domain:x.com)', 'mcp__fs', 'Edit(file_path:*.env)', 'Read(*)', 'Write(/x)', 'Edit(//w/proj/.env)'),
    );
    const file = fc.constantFrom('/w/proj/.env', '/w/proj/sub/.env', '/w/proj/src/a.ts', '/home/u/.ssh/id_rsa', '/home/u/.aws/credentials', '/etc/passwd', '/w/proj/certs/server.pem', '/w/proj/id_rsa', '/w/proj/.claude/settings.json', '/');
    fc.assert(
      fc.property(rule, fc.constantFrom<'allow' | 'ask' | 'deny'>('allow', 'ask', 'deny'), tool, fc.array(file, { maxLength: 6 }), fc.constantFrom('2.1.200', '2.1.208', undefined), (raw, list, t, paths, version) => {
        const ctx = { bases, behaviour: behaviourFor(version) };
        const parsed = parse(raw, list);
        const test = fileMatcher(parsed, t, ctx);
        expect(test !== undefined, `${raw} ${t}`).toBe(mayMatchTool(parsed, t, ctx.behaviour));
        for (const path of paths) expect(test ? test(path) : false, `${raw} ${t} ${path}`).toBe(matches(parsed, { tool: t, path, input: { file_path: path } }, ctx));
      }),
      { numRuns: 3000 },
    );
  });
});
