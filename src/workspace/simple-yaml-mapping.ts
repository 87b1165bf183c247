/**
 * The frontmatter most skills, subagents, commands and rules have, read without a YAML parser: top-level `key: value`
 * lines whose values are plain or simply quoted strings, and `key:` followed by `- item` lines of such strings.
 * Loading the `yaml` library and building a document was most of what a pre-commit check spent on a handful of
 * prompt files. Anything else (other scalar types, escapes, nested mappings, flow collections, multi-line values,
 * comments, anchors, tags, duplicate keys, tabs) returns undefined and goes through the full parser; whenever this
 * answers, it answers what `yaml` (YAML 1.2, core schema) would.
 */
export function simpleYamlMapping(yamlText: string): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = {};
  /** The list the current `- item` lines belong to, and the indentation its items use. */
  let list: { items: string[]; indent: number } | undefined;
  let listKey: string | undefined;
  for (const line of yamlText.split(LINE_BREAK)) {
    if (BLANK.test(line)) continue;
    const item = LIST_ITEM.exec(line);
    if (item) {
      const indent = (item[1] as string).length;
      if (listKey === undefined) return undefined;
      if (list === undefined) {
        list = { items: [], indent };
        data[listKey] = list.items;
      } else if (indent !== list.indent) return undefined;
      const value = scalar(item[2] as string);
      if (value === undefined) return undefined;
      list.items.push(value);
      continue;
    }
    // A key after an empty `key:` with no items under it: that key's value is null, which the parser decides.
    if (listKey !== undefined && list === undefined) return undefined;
    list = undefined;
    listKey = undefined;
    const pair = PAIR.exec(line);
    if (!pair) return undefined;
    const key = pair[1] as string;
    // A key YAML reads as another type (`true:`, `null:`) is left to the parser.
    if (Object.hasOwn(data, key) || key === '__proto__' || mayBeOtherType(key)) return undefined;
    const raw = pair[2] ?? '';
    if (raw === '') {
      listKey = key;
      continue;
    }
    const value = scalar(raw);
    if (value === undefined) return undefined;
    data[key] = value;
  }
  if (listKey !== undefined && list === undefined) return undefined;
  return data;
}

const LINE_BREAK = /\r\n|\r|\n/;
const BLANK = /^[ ]*$/;
/** `key:` then, after at least one space, the value (trailing spaces are not part of it); or `key:` alone. */
const PAIR = /^([A-Za-z_][A-Za-z0-9_-]*):(?:[ ]+(.*?))?[ ]*$/;
/** `- value`, indented by spaces only. */
const LIST_ITEM = /^([ ]*)-[ ]+(.*?)[ ]*$/;

/**
 * The string a value is in YAML, when it is one this reader is sure of: `'text'` without `'` inside, `"text"` without
 * `"` or `\` inside, or a plain scalar that cannot be read as anything but a string.
 */
function scalar(raw: string): string | undefined {
  // Tabs, control characters, and characters some YAML readers take as line breaks or byte-order marks.
  if (raw === '' || NOT_SIMPLE_CHAR.test(raw)) return undefined;
  const first = raw[0] as string;
  if (first === "'" || first === '"') {
    if (raw.length < 2 || raw[raw.length - 1] !== first) return undefined;
    const inner = raw.slice(1, -1);
    return inner.includes(first) || (first === '"' && inner.includes('\\')) ? undefined : inner;
  }
  if (PLAIN_NOT_FIRST.includes(first) || (first === '-' && (raw.length === 1 || raw[1] === ' '))) return undefined;
  if ((first === '?' || first === ':') && (raw.length === 1 || raw[1] === ' ')) return undefined;
  if (raw.includes(': ') || raw.includes(' #') || raw.endsWith(':')) return undefined;
  return mayBeOtherType(raw) ? undefined : raw;
}

const NOT_SIMPLE_CHAR = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
/** Indicators that may not start a plain scalar (`-`, `?` and `:` only when a space follows: handled above). */
const PLAIN_NOT_FIRST = ',[]{}#&*!|>%@`';
/**
 * Every plain scalar the core schema reads as something other than a string (null, booleans, integers in bases 8,
 * 10 and 16, floats, infinities, NaN), and more: a key or value this matches is left to the parser. Shared, through
 * mayBeOtherType, with the memory frontmatter reader (src/memory/simple-frontmatter.ts), which must decide the same.
 */
const YAML_OTHER_TYPE = /^(?:~|null|true|false|[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?(?:e[-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-f]+|[-+]?\.inf|\.nan|<<|=)$/i;

/** The first characters YAML_OTHER_TYPE can match (by char code, ASCII): every other text skips the regex. */
const MAY_BE_OTHER_TYPE = new Uint8Array(128);
for (const c of 'tfnTFN~+-.0123456789eE<=') MAY_BE_OTHER_TYPE[c.charCodeAt(0)] = 1;

/** Whether YAML may read this key or value as something other than that string (then the full parser decides). */
export function mayBeOtherType(text: string): boolean {
  // Empty is null to YAML (the regex matches it too, but it has no first character to look up).
  return text === '' || (MAY_BE_OTHER_TYPE[text.charCodeAt(0)] === 1 && YAML_OTHER_TYPE.test(text));
}
