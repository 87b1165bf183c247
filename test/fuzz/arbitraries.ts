import fc from 'fast-check';

/** Single UTF-16 code units, lone surrogates and NUL included: what a JS string can hold that UTF-8 cannot. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));

/** Characters that matter to parsers: quotes, escapes, separators, BOM, line and paragraph separators, bidi, NUL. */
const special = fc.constantFrom('\0', '\\', '"', "'", '`', '\n', '\r', '\t', '\u2028', '\u2029', '\uFEFF', '\u202E', '\u200B', '\uD800', '\uDFFF', '\uFFFD', ' ', ':', ',', '*', '?', '/', '~', '.', '$', '(', ')', '{', '}', '[', ']', '#', '-', '!', '@', '&', '|', ';', '<', '>', '=');

/** Fragments of the languages parsed here (JSON, YAML, rules, shell), to reach deeper than random characters do. */
const fragment = fc.constantFrom(
  '{', '}', '[', ']', '"', '":', ',', 'null', 'true', '1e999', '-0', '"__proto__"', '"constructor"', '{"__proto__":{"polluted":1}}',
  '---\n', '...\n', 'key: ', '- ', '&a ', '*a', '!!js/function ', '<<: *a', '? ', '| ', '> ', '%YAML 1.2\n', '\t',
  'Bash(', 'Read(', 'Edit(', 'WebFetch(domain:', 'mcp__', '__', 'Agent(', 'Skill(', ':*', ' *', '**/', '//', '~/', './', '../',
  '$(', '`', '&&', '||', '|&', '2>&1', '> /dev/null', '>>', "'", '\\\n', 'timeout 5 ', 'env ', 'A=1 ', 'nice -n 5 ',
);

/** Short hostile strings: random text, code units with lone surrogates (and NUL), parser fragments. */
export const shortHostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 2, arbitrary: fc.string({ unit: codeUnit, maxLength: 100 }) },
  { weight: 3, arbitrary: fc.array(fc.oneof(fragment, special, fc.string({ maxLength: 6 })), { maxLength: 40 }).map((parts) => parts.join('')) },
);

/** Strings a hostile file can hold: the short ones, deep nesting, and size. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: shortHostileString },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('[', '{"a":', '- ', '  ', '$(', '(', 'a/'), fc.integer({ min: 100, max: 5_000 })).map(([open, n]) => open.repeat(n)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('1,', '"x",', '{},', 'a*', '*', '**/', 'x'), fc.integer({ min: 1_000, max: 20_000 })).map(([item, n]) => `[${item.repeat(n)}1]`) },
);

/** Bytes a hostile file can hold: random bytes, UTF-8 of hostile strings with invalid sequences spliced in. */
export const hostileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc.tuple(hostileString, fc.array(fc.tuple(fc.nat(), fc.constantFrom(0x80, 0xbf, 0xc0, 0xc1, 0xed, 0xf5, 0xff, 0xfe, 0x00, 0xef)), { maxLength: 4 })).map(([s, bad]) => {
    const bytes = [...Buffer.from(s, 'utf8')];
    for (const [at, b] of bad) bytes.splice(bytes.length === 0 ? 0 : at % bytes.length, 0, b);
    return new Uint8Array(bytes);
  }),
  fc.constantFrom(new Uint8Array([0xef, 0xbb, 0xbf]), new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00])),
);

/** Object keys that break naive code: prototype names, empty, numeric, JSON-pointer and path characters. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', '0', '-1', '~', '/', '~1', '.', '..', 'a.b', '\0'), fc.string({ maxLength: 8 }));

/**
 * JSON values with hostile keys and strings; `shape` (when given) is a template whose keys are used often, so that
 * values reach the code paths a real file of that kind reaches.
 */
export function hostileJson(maxDepth = 4): fc.Arbitrary<unknown> {
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth },
      fc.constantFrom(null, true, false, 0, -1, 1e308, -0, Number.MAX_SAFE_INTEGER + 2),
      fc.double(),
      hostileString,
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(hostileKey, tie('value'), { maxKeys: 5 }),
    ),
  }));
  return value;
}

/** Text of a JSON document: hostile values serialised (deep nesting, `__proto__` keys, huge arrays), or raw hostile text. */
export function hostileJsonText(template?: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: template ? 6 : 1, arbitrary: (template ?? hostileJson()).map((v) => JSON.stringify(v) ?? 'null') },
    hostileJson().map((v) => JSON.stringify(v) ?? 'null'),
    hostileString,
    fc.integer({ min: 1_000, max: 20_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
    fc.integer({ min: 1_000, max: 20_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  );
}

/**
 * A realistic document with some of its values replaced by hostile ones, keys dropped, and hostile keys (`__proto__`
 * among them) added: reaches the validation and merging code a purely random value never gets past.
 */
export function mutated(sample: unknown, depth = 0): fc.Arbitrary<unknown> {
  const hostile = hostileJson(2);
  if (depth > 6) return fc.oneof({ weight: 3, arbitrary: fc.constant(sample) }, hostile);
  let kept: fc.Arbitrary<unknown>;
  if (Array.isArray(sample)) {
    kept = sample.length === 0 ? fc.constant([]) : fc.tuple(...sample.map((v) => mutated(v, depth + 1))).chain((items) => fc.subarray(items, { minLength: 0 }));
  } else if (sample !== null && typeof sample === 'object') {
    const entries = Object.entries(sample);
    // An added key gets a hostile value or one shaped like a sibling's (a `__proto__` key holding a valid entry).
    const extraValue = entries.length === 0 ? hostile : fc.oneof(hostile, ...entries.map(([, v]) => mutated(v, depth + 1)));
    const values = entries.length === 0 ? fc.constant([] as unknown[]) : fc.tuple(...entries.map(([, v]) => mutated(v, depth + 1)));
    kept = fc.tuple(values, fc.array(fc.integer({ min: 0, max: 29 }).map((n) => n === 0), { minLength: entries.length, maxLength: entries.length }), fc.oneof({ weight: 12, arbitrary: fc.constant([]) }, fc.array(fc.tuple(hostileKey, extraValue), { minLength: 1, maxLength: 2 }))).map(([vs, drop, extra]) =>
      // fromEntries defines own properties, so a `__proto__` key stays a key (as JSON.parse makes it).
      Object.fromEntries([...entries.map(([k], i) => [k, vs[i]] as const).filter((_, i) => !drop[i]), ...extra]),
    );
  } else kept = fc.constant(sample);
  return fc.oneof({ weight: 24, arbitrary: kept }, { weight: 1, arbitrary: hostile });
}
