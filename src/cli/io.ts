/** What the CLI may touch of the outside world; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether stdout is a terminal (colour is only used there). */
  stdoutIsTTY: boolean;
  /** Whether stderr is a terminal (progress is only shown there). */
  stderrIsTTY?: boolean;
  homedir: string;
  platform: NodeJS.Platform;
  /**
   * Tunes the process for a run of about a second (only the real process offers it; see short-run.ts): what a
   * command that replays thousands of states asks for, not one that runs longer.
   */
  tuneForShortRun?: () => void;
}

/** Exit codes, everywhere (DESIGN §1). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** An error whose message is for the user as is; the CLI prints it and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
