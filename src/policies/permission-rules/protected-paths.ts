/**
 * Paths Claude Code never lets an allow rule pre-approve for writing (reference §2.7): they still ask (or are denied
 * in dontAsk), except in bypassPermissions.
 */
const PROTECTED_DIRS: ReadonlySet<string> = new Set(['.git', '.vscode', '.idea', '.husky', '.cargo', '.devcontainer', '.yarn', '.mvn', '.claude']);

const PROTECTED_FILES: ReadonlySet<string> = new Set([
  '.gitconfig', '.gitmodules', '.bashrc', '.bash_profile', '.bash_login', '.bash_aliases', '.bash_logout', '.zshrc',
  '.zprofile', '.zshenv', '.zlogin', '.zlogout', '.profile', '.envrc', '.npmrc', '.yarnrc', '.yarnrc.yml', '.pnp.cjs',
  '.pnp.loader.mjs', '.pnpmfile.cjs', 'bunfig.toml', '.bunfig.toml', '.bazelrc', '.pre-commit-config.yaml',
  'lefthook.yml', 'lefthook.yaml', '.lefthook.yml', 'gradle-wrapper.properties', 'maven-wrapper.properties',
  '.devcontainer.json', '.ripgreprc', 'pyrightconfig.json', '.mcp.json', '.claude.json',
]);

export function isProtectedPath(absolutePath: string): boolean {
  const segs = absolutePath.split('/').filter(Boolean);
  const name = segs[segs.length - 1] ?? '';
  if (PROTECTED_FILES.has(name)) return true;
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i] as string;
    if (seg === '.claude' && segs[i + 1] === 'worktrees') return false;
    if (PROTECTED_DIRS.has(seg)) return true;
    if (seg === '.config' && segs[i + 1] === 'git') return true;
  }
  return false;
}
