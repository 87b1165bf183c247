import path from 'node:path';
import { Option, type Command } from 'commander';
import { addCommonOptions, commonOptionsOf, resolveCommon, scopesOf, stateDirOf } from '../common-options.js';
import { requireTextOrJson } from '../emit.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIo } from '../io.js';
import { shortDurationDays } from '../../policies/duration.js';
import { TRUST_TIERS } from '../../workspace/extensions/types.js';

const TIERS: readonly string[] = TRUST_TIERS;
const DAY = 86_400_000;

/** `90d`, `12w`, `1y` from now, or an ISO date (`2027-01-31`, `2027-01-31T00:00:00Z`). */
function parseExpiry(text: string, now: Date): Date {
  const days = shortDurationDays(text);
  if (days !== undefined) return new Date(now.getTime() + days * DAY);
  const at = /^\d{4}-\d{2}-\d{2}(T.*)?$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) throw new UsageError(`--expires: expected Nd, Nw, Ny or an ISO date, got ${JSON.stringify(text)}`);
  return new Date(at);
}

/** `extensions manifest` (write the manifest of a tier to sign) and `extensions verify` (check a signed one). */
export function registerExtensionSigning(extensions: Command, io: CliIo, setExit: (code: number) => void): void {
  addCommonOptions(
    extensions
      .command('manifest')
      .argument('[root]', 'project directory', '.')
      .addOption(new Option('--tier <tier>', 'the trust tier whose extensions to list').choices([...TIERS]).makeOptionMandatory())
      .option('--out <file>', 'where to write it (default: <root>/.claude/agentgov-manifest.<tier>.json, where the auditor looks)')
      .option('--manifest-version <n>', 'the version (default: one above the file it replaces and the last version accepted here)')
      .option('--name <name>', 'the manifest name rollback protection is keyed by (default: the tier)')
      .option('--expires <when>', 'expiry: Nd, Nw, Ny from now, or an ISO date', '90d')
      .option('--state-dir <dir>', 'where accepted versions are remembered (default: $XDG_STATE_HOME/agentgov/<root-id>)')
      .description('write the manifest of a tier\'s extensions (subjects and hashes, version, expiry) for `ssh-keygen -Y sign -f <key> -n agentgov-manifest-v1 <file>`'),
  ).action(async (root: string, options: { tier: string; out?: string; manifestVersion?: string; name?: string; expires: string; stateDir?: string }, command: Command) => {
    const common = resolveCommon(root, commonOptionsOf(command), io);
    requireTextOrJson(common, 'extensions manifest');
    const now = new Date();
    const version = options.manifestVersion === undefined ? undefined : Number(options.manifestVersion);
    if (version !== undefined && !(Number.isInteger(version) && version > 0)) throw new UsageError('--manifest-version must be a positive integer');
    const expiresAt = parseExpiry(options.expires, now);
    const { writeExtensionManifest } = await import('../../extensions/signing-run.js');
    const result = await writeExtensionManifest({
      ...scopesOf(common),
      now,
      stateDir: await stateDirOf(options.stateDir, common, io),
      tier: options.tier,
      expiresAt,
      ...(options.out ? { out: path.resolve(io.cwd, options.out) } : {}),
      ...(options.name ? { name: options.name } : {}),
      ...(version !== undefined ? { version } : {}),
    });
    const m = result.manifest;
    if (expiresAt.getTime() <= now.getTime()) io.stderr(`agentgov: warning: the manifest is already expired (${m.expiresAt}); verification will refuse it\n`);
    if (common.format === 'json') io.stdout(`${JSON.stringify({ file: result.file, name: m.name, tier: m.tier, version: m.version, expiresAt: m.expiresAt, subjects: Object.keys(m.subjects).length, root: m.root }, null, 2)}\n`);
    else if (!common.quiet) io.stdout(`wrote ${result.file} (tier ${m.tier}, version ${m.version}, ${Object.keys(m.subjects).length} subjects, expires ${m.expiresAt})\nsign it: ssh-keygen -Y sign -f <key> -n agentgov-manifest-v1 ${result.file}\n`);
    setExit(EXIT_OK);
  });

  addCommonOptions(
    extensions
      .command('verify')
      .argument('<file>', 'the manifest; its signature is <file>.sig')
      .argument('[root]', 'project directory', '.')
      .option('--signers <file>', 'OpenSSH allowed_signers file (default: the policy extensions.signers)')
      .option('--state-dir <dir>', 'where accepted versions are remembered (default: $XDG_STATE_HOME/agentgov/<root-id>)')
      .option('--no-record', 'do not remember this version as the last accepted one')
      .description('verify a signed manifest in Node: SSHSIG Ed25519 signature by an allowed signer (namespace agentgov-manifest-v1), expiry, version rollback, and every subject against the files; exit 1 naming the failed check'),
  ).action(async (file: string, root: string, options: { signers?: string; stateDir?: string; record: boolean }, command: Command) => {
    const common = resolveCommon(root, commonOptionsOf(command), io);
    requireTextOrJson(common, 'extensions verify');
    const { verifyExtensionManifest } = await import('../../extensions/signing-run.js');
    const result = await verifyExtensionManifest({
      ...scopesOf(common),
      now: new Date(),
      stateDir: await stateDirOf(options.stateDir, common, io),
      manifest: path.resolve(io.cwd, file),
      record: options.record,
      ...(options.signers ? { signers: path.resolve(io.cwd, options.signers) } : {}),
    });
    if ('usageError' in result) throw new UsageError(result.usageError);
    const { outcome } = result;
    if (common.format === 'json') io.stdout(`${JSON.stringify({ ok: outcome.ok, checks: outcome.checks, principals: outcome.principals, recorded: result.recorded, uncovered: result.uncovered, manifest: outcome.manifest ? { name: outcome.manifest.name, tier: outcome.manifest.tier, version: outcome.manifest.version } : null }, null, 2)}\n`);
    else {
      const width = Math.max(...outcome.checks.map((c) => c.check.length));
      const lines = outcome.checks.filter((c) => !common.quiet || !c.ok).map((c) => `${c.ok ? 'ok  ' : 'FAIL'}  ${c.check.padEnd(width)}  ${c.detail}`);
      if (result.uncovered.length > 0 && !common.quiet) lines.push(`note  ${result.uncovered.length} extension(s) of the tier are not in the manifest: ${result.uncovered.slice(0, 5).join(', ')}${result.uncovered.length > 5 ? ', …' : ''}`);
      const failed = outcome.checks.filter((c) => !c.ok).map((c) => c.check);
      lines.push(outcome.ok ? `verified ${file}${result.recorded ? ' (version recorded)' : ''}` : `refused ${file}: ${failed.join(', ')} failed`);
      io.stdout(`${lines.join('\n')}\n`);
    }
    setExit(outcome.ok ? EXIT_OK : EXIT_FINDINGS);
  });
}
