import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isReadOnlyBuiltin } from '../../../src/policies/catalogs/read-only-commands.js';
import { risksOfGrant, type CommandRisk } from '../../../src/policies/catalogs/risky-commands.js';

const w = (command: string): string[] => command.split(' ').filter((x) => x !== '');
const risks = (command: string, open: boolean): CommandRisk[] => risksOfGrant(w(command), open).map((h) => h.risk);

describe('risksOfGrant', () => {
  it.each<[string, boolean, CommandRisk[]]>([
    // interpreters: free script or inline-code flag
    ['python', true, ['code-execution']],
    ['/usr/bin/python3', true, ['code-execution']],
    ['python3.11', true, ['code-execution']],
    ['python -c', true, ['code-execution']],
    ['python -m', true, ['code-execution']],
    ['python -u', true, ['code-execution']],
    ['node -e', true, ['code-execution']],
    ['node --eval', true, ['code-execution']],
    ['bash -c', true, ['code-execution']],
    ['sh -c', true, ['code-execution']],
    ['deno', true, ['code-execution']],
    ['deno eval', true, ['code-execution']],
    ['awk', true, ['code-execution']],
    ['eval', true, ['code-execution']],
    // runners
    ['npx', true, ['code-execution']],
    ['npx -y', true, ['code-execution']],
    ['npm', true, ['code-execution', 'destructive']], // npm unpublish
    ['npm run', true, ['code-execution']],
    ['pnpm dlx', true, ['code-execution']],
    ['uv run', true, ['code-execution']],
    ['make', true, ['code-execution']],
    ['./gradlew', true, ['code-execution']],
    ['mvn', true, ['code-execution']],
    ['xargs', true, ['code-execution']],
    ['xargs -0', true, ['code-execution']],
    ['env', true, ['code-execution']],
    ['env FOO=1', true, ['code-execution']],
    ['find', true, ['code-execution']],
    ['find . -name', true, ['code-execution']],
    // wrappers that are not stripped
    ['docker exec', true, ['code-execution']],
    ['docker exec app', true, ['code-execution']],
    ['docker exec -u root app', true, ['code-execution']],
    ['kubectl exec pod --', true, ['code-execution']],
    ['devbox run', true, ['code-execution']],
    ['direnv exec .', true, ['code-execution']],
    ['mise exec node@20 --', true, ['code-execution']],
    ['nix-shell --run', true, ['code-execution']],
    ['watch', true, ['code-execution']],
    ['git -c', true, ['code-execution']],
    ['git submodule foreach', true, ['code-execution']],
    ['git bisect run', true, ['code-execution']],
    // network
    ['curl', true, ['network-egress']],
    ['curl https://api.github.com/', true, ['network-egress']],
    ['wget', true, ['network-egress']],
    ['ncat', true, ['network-egress']],
    ['gh api', true, ['network-egress']],
    ['ssh', true, ['code-execution', 'network-egress']],
    ['ssh host', true, ['code-execution', 'network-egress']],
    // destructive
    ['git', true, ['code-execution', 'destructive']],
    ['git push', true, ['destructive']],
    ['git push origin', true, ['destructive']],
    ['git reset', true, ['destructive']],
    ['git branch', true, ['destructive']],
    ['rm', true, ['destructive']],
    ['rm -rf', true, ['destructive']],
    ['chmod', true, ['destructive']],
    ['terraform', true, ['destructive']],
    ['kubectl', true, ['code-execution', 'destructive']],
    ['docker', true, ['code-execution', 'destructive']],
    ['aws', true, ['destructive']],
    ['gcloud', true, ['destructive']],
    ['gcloud compute', true, ['destructive']],
    ['mkfs.ext4', true, ['destructive']],
    // privilege escalation, and what sudo wraps
    ['sudo', false, ['privilege-escalation']],
    ['sudo', true, ['privilege-escalation']],
    ['sudo rm', true, ['destructive', 'privilege-escalation']],
    ['sudo -u deploy python', true, ['code-execution', 'privilege-escalation']],
    ['doas', true, ['privilege-escalation']],
    // stripped wrappers add nothing, but what they wrap still counts
    ['timeout', true, []],
    ['timeout 30', true, []],
    ['nice', true, []],
    ['nohup', true, []],
    ['command -v', true, []],
    ['timeout 30 python', true, ['code-execution']],
    ['time rm', true, ['destructive']],
    // pinned script, module, target or command
    ['python manage.py test', false, []],
    ['python manage.py', true, []],
    ['python -m pytest', true, []],
    ['python -c print(1)', false, []],
    ['bash scripts/build.sh', true, []],
    ['npm test', false, []],
    ['npm test', true, []],
    ['npm run build', true, []],
    ['npx prettier', true, []],
    ['make test', true, []],
    ['xargs grep', true, []],
    ['docker exec app npm test', true, []],
    ['kubectl exec pod -- ls', true, []],
    ['gcloud compute instances list', true, []],
    ['git -c core.quotepath=off log', true, []],
    // harmless families and exact commands that are not catastrophic
    ['rmdir', true, []],
    ['sed', true, []],
    ['ls', true, []],
    ['git status', true, []],
    ['git log', true, []],
    ['git push origin main', false, []],
    ['rm build/out.txt', false, []],
    ['rm -rf node_modules', false, []],
    ['git clean -n', false, []],
    ['dd if=/dev/zero of=/dev/null', false, []],
    ['chmod +x run.sh', false, []],
    ['curl https://example.com', false, []],
    ['git', false, []],
    ['', false, []],
    ['constructor -x', true, []],
    ['__proto__ -x', true, []],
    // exact but catastrophic
    ['rm -rf /', false, ['destructive']],
    ['rm -rf ~', false, ['destructive']],
    ['rm -fr *', false, ['destructive']],
    ['git push --force', false, ['destructive']],
    ['git push -f origin main', false, ['destructive']],
    ['git reset --hard', false, ['destructive']],
    ['git reset --hard HEAD~1', false, ['destructive']],
    ['git clean -fdx', false, ['destructive']],
    ['dd if=img of=/dev/sda', false, ['destructive']],
    ['mkfs.ext4 /dev/sdb1', false, ['destructive']],
    ['chmod -R 777 /', false, ['destructive']],
    ['env rm -rf /', false, ['destructive']],
  ])('%s (open: %s) → %j', (command, open, expected) => {
    expect(risks(command, open)).toEqual(expected);
  });

  it('reports the family and a one-sentence reason', () => {
    expect(risksOfGrant(['git'], true)).toContainEqual(expect.objectContaining({ risk: 'destructive', family: 'git push' }));
    expect(risksOfGrant(['python3'], true)).toEqual([expect.objectContaining({ risk: 'code-execution', family: 'python' })]);
    for (const hit of risksOfGrant(['sudo', 'docker'], true)) expect(hit.why).toMatch(/^[^\n]{10,160}\.$/);
  });

  it('treats a fully open grant as every risk', () => {
    const hits = risksOfGrant([], true);
    expect(hits.map((h) => h.risk)).toEqual(['code-execution', 'network-egress', 'destructive', 'privilege-escalation']);
    expect(hits.every((h) => h.family === 'any command')).toBe(true);
    expect(risks('*', false)).toHaveLength(4);
  });

  it('reads a `*` inside the words as the end of the fixed part', () => {
    expect(risks('git * main', false)).toEqual(['code-execution', 'destructive']);
    expect(risks('py*', false)).toEqual(['code-execution']);
    expect(risks('docker exec my*', false)).toEqual(['code-execution']);
    expect(risks('python man*', false)).toEqual([]);
  });

  it('never throws and stays fast on long or hostile word lists', () => {
    expect(risksOfGrant(Array(10_000).fill('sudo'), true).map((h) => h.risk)).toEqual(['privilege-escalation']);
    expect(risksOfGrant(['env', ...Array(10_000).fill('A=1')], true).map((h) => h.risk)).toEqual(['code-execution']);
    expect(risksOfGrant(['x'.repeat(20_000)], true)).toEqual([]);
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 12 }), fc.boolean(), (words, open) => {
        const hits = risksOfGrant(words, open);
        expect(new Set(hits.map((h) => h.risk)).size).toBe(hits.length);
      }),
    );
  });
});

describe('isReadOnlyBuiltin', () => {
  it.each<[string, boolean]>([
    ['ls', true],
    ['ls -la src', true],
    ['cat README.md', true],
    ['grep -rn foo src', true],
    ['find . -name x', true],
    ['find . -type f -print', true],
    ['rg --files', true],
    ['sort -u list.txt', true],
    ['uniq -c in.txt', true],
    ['date +%s', true],
    ['date -Iseconds', true],
    ['file package.json', true],
    ['tree -L 2', true],
    ['git status', true],
    ['git status --porcelain', true],
    ['git log --oneline -n 5', true],
    ['git --no-pager diff', true],
    ['git branch', true],
    ['git branch -a', true],
    ['git branch --show-current', true],
    ['git remote -v', true],
    ['git config --get user.email', true],
    ['git config --global --list', true],
    ['git rev-parse HEAD', true],
    ['find . -delete', false],
    ['find . -exec rm {} ;', false],
    ['find . -fprint out', false],
    ['git push', false],
    ['git branch -D x', false],
    ['git branch feature', false],
    ['git remote add origin url', false],
    ['git config user.email me@example.com', false],
    ['git config --unset user.email', false],
    ['git diff --output=patch.txt', false],
    ['git diff --ext-diff', false],
    ['git -c core.pager=sh log', false],
    ['git -C other status', false],
    ['git', false],
    ['sort -o out', false],
    ['sort -no out in', false],
    ['sort --compress-program=sh', false],
    ['uniq in out', false],
    ['date -s x', false],
    ['date --set=2020-01-01', false],
    ['file -m magic x', false],
    ['file -C', false],
    ['tree -o out.txt', false],
    ['rg --pre ./decode.sh foo', false],
    ['rm x', false],
    ['python', false],
    ['/bin/ls', false],
    ['constructor', false],
    ['', false],
  ])('%s → %s', (command, expected) => {
    expect(isReadOnlyBuiltin(w(command))).toBe(expected);
  });
});
