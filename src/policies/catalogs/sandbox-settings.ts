/**
 * Sandbox switches that weaken Claude Code's OS sandbox, for the `permissions/weak-sandbox` rule
 * (reference §2.8 and §11 item 50).
 *
 * How an entry is evaluated against the effective (merged) settings:
 * - The value looked at is the explicit value of `key`, or `defaultValue` when the key is unset. Without a
 *   `defaultValue`, an unset key never matches. So "true or unset" is written `when: 'true', defaultValue: true`, and
 *   "false or unset" is written `when: 'false', defaultValue: false`.
 * - `when: 'true'` / `'false'`: the value is that boolean.
 * - `when: 'nonempty'`: the value is a non-empty array; with `match`, at least one element contains `match`.
 * - `when: 'glob-on-linux'`: the value is an array with at least one entry containing `*`, `?` or `[` — such
 *   write-list entries are skipped on Linux and WSL2 (they work on macOS).
 * - `requiresEnabled`: only report when `sandbox.enabled` is true. Set on the entries that can match an unset key, so
 *   that a configuration without a sandbox is not reported for "missing" sandbox settings. The other switches are
 *   reported wherever they are written, since `sandbox.enabled` may be set by another scope (e.g. `/sandbox` writes it
 *   to `.claude/settings.local.json`).
 */
export interface SandboxWeakness {
  /** Dotted key path, e.g. "sandbox.enableWeakerNestedSandbox". */
  key: string;
  when: 'true' | 'false' | 'nonempty' | 'glob-on-linux';
  /** Claude Code's default for the key; an unset key is evaluated as this value. Unset and no default ⇒ never matches. */
  defaultValue?: boolean;
  /** For `when: 'nonempty'`: only entries containing this substring count (e.g. "docker.sock"). */
  match?: string;
  /** Only a weakness when `sandbox.enabled` is true. */
  requiresEnabled?: boolean;
  /** One sentence: what the switch gives away. */
  why: string;
}

export const SANDBOX_WEAKNESSES: readonly SandboxWeakness[] = Object.freeze([
  {
    key: 'sandbox.failIfUnavailable',
    when: 'false',
    defaultValue: false,
    requiresEnabled: true,
    why: 'Without failIfUnavailable, a missing sandbox dependency (e.g. bubblewrap or socat on Linux) only prints a warning and Bash commands run unsandboxed.',
  },
  {
    key: 'sandbox.allowUnsandboxedCommands',
    when: 'true',
    defaultValue: true,
    requiresEnabled: true,
    why: 'While allowUnsandboxedCommands is true (the default), a command can be retried outside the sandbox with the dangerouslyDisableSandbox parameter; only false ("strict sandbox mode") ignores it.',
  },
  {
    key: 'sandbox.excludedCommands',
    when: 'nonempty',
    why: 'Excluded commands run unsandboxed, a matching subcommand takes the whole compound command out of the sandbox, and the list merges from every settings file with no managed lock.',
  },
  {
    key: 'sandbox.network.allowAllUnixSockets',
    when: 'true',
    why: 'allowAllUnixSockets lets sandboxed commands connect to any Unix socket, which grants broad access to local services outside the sandbox.',
  },
  {
    key: 'sandbox.network.allowUnixSockets',
    when: 'nonempty',
    match: 'docker.sock',
    why: 'Allowing docker.sock lets a sandboxed command talk to the Docker daemon, which runs outside the sandbox and grants broad access.',
  },
  {
    key: 'sandbox.enableWeakerNestedSandbox',
    when: 'true',
    why: 'enableWeakerNestedSandbox switches to a weaker sandbox for nested environments, reducing the isolation of every sandboxed command.',
  },
  {
    key: 'sandbox.enableWeakerNetworkIsolation',
    when: 'true',
    why: 'enableWeakerNetworkIsolation weakens the network isolation through which the sandbox enforces its domain allowlist.',
  },
  {
    key: 'sandbox.allowAppleEvents',
    when: 'true',
    why: 'allowAppleEvents lets sandboxed commands send AppleEvents on macOS, a documented weakening switch that reaches applications outside the sandbox.',
  },
  {
    key: 'sandbox.filesystem.disabled',
    when: 'true',
    why: 'filesystem.disabled turns off filesystem isolation entirely and keeps only network isolation (v2.1.216+).',
  },
  {
    key: 'sandbox.filesystem.allowWrite',
    when: 'glob-on-linux',
    why: 'On Linux and WSL2, write-list entries containing *, ? or [ are skipped, so the write access they describe is not what the sandbox enforces.',
  },
  {
    key: 'sandbox.filesystem.denyWrite',
    when: 'glob-on-linux',
    why: 'On Linux and WSL2, write-list entries containing *, ? or [ are skipped, so the writes they were meant to block are not blocked.',
  },
]);
