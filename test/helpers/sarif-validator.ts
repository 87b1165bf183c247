import { existsSync, readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';
import { sharedPath } from './shared.js';

// ajv-formats is CommonJS: under NodeNext the default import is `module.exports`, whose `.default` is the plugin.
const addFormats = addFormatsModule.default;

export const SARIF_SCHEMA_PATH = sharedPath('external/schemastore/src/schemas/json/sarif-2.1.0.json');

/** Ajv validator for SARIF 2.1.0 from ../shared. No skip: a missing schema fails the suite. */
export function loadSarifValidator(): ValidateFunction {
  expect(existsSync(SARIF_SCHEMA_PATH), `SARIF schema not found at ${SARIF_SCHEMA_PATH}`).toBe(true);
  const schema = JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')) as { $schema: string };
  // The default Ajv class speaks draft-07; a 2020-12 schema would need ajv/dist/2020.
  expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}
