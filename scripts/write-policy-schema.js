// Regenerates schema/policy.schema.json from the zod schema (run `npm run schema`; a test pins the result).
import { writeFileSync } from 'node:fs';
import { policyJsonSchema } from '../dist/policies/policy-schema.js';

writeFileSync(new URL('../schema/policy.schema.json', import.meta.url), `${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
console.log('wrote schema/policy.schema.json');
