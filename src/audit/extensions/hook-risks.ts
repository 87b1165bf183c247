export type HookRisk = 'pipe-to-shell' | 'base64-exec' | 'network';

const SHELLS = '(?:ba|z|da|k)?sh|python3?|node|perl|ruby|pwsh|powershell';
const RISKS: readonly [HookRisk, RegExp][] = [
  ['pipe-to-shell', new RegExp(`\\b(?:curl|wget|fetch|iwr|Invoke-WebRequest)\\b[^|;&]{0,2000}\\|\\s*(?:sudo\\s+)?(?:${SHELLS})\\b`, 'i')],
  ['pipe-to-shell', new RegExp(`(?:${SHELLS})\\s+(?:-c\\s+)?["']?\\$\\(\\s*(?:curl|wget)\\b`, 'i')],
  ['base64-exec', new RegExp(`base64\\s+(?:-d|--decode|-D)\\b[^;&]{0,2000}\\|\\s*(?:sudo\\s+)?(?:${SHELLS})\\b`, 'i')],
  ['base64-exec', /\b(?:eval|exec)\b[^;&]{0,200}base64\s+(?:-d|--decode|-D)\b/i],
  ['network', /\b(?:curl|wget|nc|ncat|netcat|socat|telnet|scp|rsync|ssh)\s/i],
  ['network', /\/dev\/tcp\//],
];

/** The most serious risk a hook command shows (reference §11 item 28), or undefined. */
export function hookRiskOf(command: string): HookRisk | undefined {
  for (const [risk, re] of RISKS) if (re.test(command)) return risk;
  return undefined;
}
