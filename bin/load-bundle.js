// Loads the bundled CLI (dist/cli/agentgov.cjs) with V8's code cache (dist/cli/agentgov.cjs.cache, and for `check` and
// `history` their own dist/cli/agentgov.cjs.<command>.cache, written by `npm run build`). Compiling ~1 MB of
// JavaScript was the largest part of a short run such as the pre-commit check; with the cache V8 skips it. A cache
// from another Node version or V8 flags is rejected by V8 itself, and the source is then compiled as usual: the cache
// only ever changes speed, never behaviour.
// CommonJS (bin/package.json): Node starts a CommonJS entry a few milliseconds sooner than an ES module.
'use strict';
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

const BUNDLE_FILE = path.join(__dirname, '..', 'dist', 'cli', 'agentgov.cjs');
/**
 * Commands with a code cache of their own, trained on that command alone: deserialising only the functions the
 * pre-commit check runs costs less than the whole CLI's (measured on the demo: 780 M → 763 M instructions), and
 * history's main thread over 20,000 commits ran 2.445 G → 2.403 G instructions (bench/history.bench.mjs).
 */
const OWN_CACHE_COMMANDS = ['check', 'history'];

/** The code cache file for a command (the first word of the command line). */
function cacheFileFor(file, command) {
  return OWN_CACHE_COMMANDS.includes(command) ? `${file}.${command}.cache` : `${file}.cache`;
}
/** The bundle is written as a CommonJS wrapper function (esbuild's banner and footer), compiled and called here. */
const BUNDLE_WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) {';
const BUNDLE_WRAPPER_TAIL = '\n})';

/**
 * Compiles and runs the bundle as a CommonJS module; returns its exports and the compiled script (for the cache).
 * The bundle is ASCII (the build checks it), so reading it as latin1 gives the same string without UTF-8 decoding.
 */
function loadBundle({ file = BUNDLE_FILE, useCache = true, command = '' } = {}) {
  const source = readFileSync(file, 'latin1');
  let cachedData;
  if (useCache) {
    try {
      cachedData = readFileSync(cacheFileFor(file, command));
    } catch {
      cachedData = undefined;
    }
  }
  if (!source.startsWith(BUNDLE_WRAPPER_HEAD)) throw new Error(`${file} is not a bundle built by scripts/bundle-cli.mjs`);
  // Node keeps a source this large outside V8's heap; compiling it as read makes no copy of it.
  const script = new vm.Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  return { exports: module.exports, script, cacheRejected: cachedData ? script.cachedDataRejected === true : undefined };
}

module.exports = { BUNDLE_FILE, BUNDLE_WRAPPER_HEAD, BUNDLE_WRAPPER_TAIL, OWN_CACHE_COMMANDS, cacheFileFor, loadBundle };
