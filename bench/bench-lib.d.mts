/** The median of `values` (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number;
/** A small deterministic PRNG (mulberry32): numbers in [0, 1), the same sequence for a seed in every run. */
export function rng(seed: number): () => number;
export function fmtInt(n: number): string;
export function fmtMs(ms: number): string;
/** A fast-import `data` command: the text's length in bytes, then the text. */
export function fastImportData(text: string): string;
/** What NODE_EXTRA_CA_CERTS costs each Node start here, when it is set. */
export function nodeStartupNote(): string | undefined;
