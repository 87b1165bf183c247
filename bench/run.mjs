// Runs every bench/*.bench.mjs in turn (each exports `default async function run()` → { ok }); exits 1 if any fails.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const benches = (await readdir(dir)).filter((f) => f.endsWith('.bench.mjs')).sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n# ${file}`);
  const bench = await import(pathToFileURL(path.join(dir, file)).href);
  const result = await bench.default();
  if (!result?.ok) failed++;
}
console.log(`\n${benches.length - failed} of ${benches.length} benchmarks within budget`);
process.exitCode = failed > 0 ? 1 : 0;
