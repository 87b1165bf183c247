// Loads the bundled CLI (dist/cli/agentgov.cjs) with V8's code cache (dist/cli/agentgov.cjs.cache, written by
// `npm run build`). Compiling ~1 MB of JavaScript was the largest part of a short run such as the pre-commit
// check; with the cache V8 skips it. A cache from another Node version or V8 flags is rejected by V8 itself, and the
// source is then compiled as usual: the cache only ever changes speed, never behaviour.
// CommonJS (bin/package.json): Node starts a CommonJS entry a few milliseconds sooner than an ES module.
'use strict';
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const BUNDLE_FILE = path.join(__dirname, '..', 'dist', 'cli', 'agentgov.cjs');
const CACHE_FILE = `${BUNDLE_FILE}.cache`;

/**
 * Compiles and runs the bundle as a CommonJS module; returns its exports and the compiled script (for the cache).
 * The bundle is ASCII (the build checks it), so reading it as latin1 gives the same string without UTF-8 decoding.
 */
function loadBundle({ file = BUNDLE_FILE, useCache = true } = {}) {
  const source = readFileSync(file, 'latin1');
  let cachedData;
  if (useCache) {
    try {
      cachedData = readFileSync(`${file}.cache`);
    } catch {
      cachedData = undefined;
    }
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  return { exports: module.exports, script, cacheRejected: cachedData ? script.cachedDataRejected === true : undefined };
}

module.exports = { BUNDLE_FILE, CACHE_FILE, loadBundle };
