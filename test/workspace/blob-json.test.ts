import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonValueOf, sharedJsonValueOf } from '../../src/workspace/blob-json.js';
import { decodeText } from '../../src/workspace/read-file.js';

const bytesOf = (value: unknown) => Buffer.from(JSON.stringify(value));

/** A JSON value and a neighbouring version of it: some array entries and members changed, added or dropped. */
const neighbours = fc
  .tuple(
    fc.jsonValue({ maxDepth: 4 }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom('drop', 'add', 'change')), { maxLength: 5 }),
  )
  .map(([value, edits]) => {
    const like = structuredClone(value) as unknown;
    const edit = (v: unknown, at: number, kind: string): unknown => {
      if (Array.isArray(v)) {
        const i = v.length === 0 ? 0 : at % v.length;
        if (kind === 'drop') v.splice(i, 1);
        else if (kind === 'add') v.splice(i, 0, `new ${at}`);
        else if (v.length > 0) v[i] = edit(v[i], at >> 1, kind);
        return v;
      }
      if (v !== null && typeof v === 'object') {
        const keys = Object.keys(v);
        const record = v as Record<string, unknown>;
        if (kind === 'add' || keys.length === 0) record[`k${at}`] = at;
        else if (kind === 'drop') delete record[keys[at % keys.length] as string];
        else record[keys[at % keys.length] as string] = edit(record[keys[at % keys.length] as string], at >> 1, kind);
        return v;
      }
      return typeof v === 'string' ? `${v}!` : v;
    };
    let edited = like;
    for (const [at, kind] of edits) edited = edit(edited, at, kind);
    return [value, edited] as const;
  });

describe('sharedJsonValueOf', () => {
  it('reads the same value as jsonValueOf, whatever value it is matched with, and leaves that value alone', () => {
    fc.assert(
      fc.property(neighbours, fc.jsonValue({ maxDepth: 3 }), ([value, like], unrelated) => {
        for (const other of [like, unrelated, undefined]) {
          const before = JSON.stringify(other);
          const shared = sharedJsonValueOf(bytesOf(value), other);
          expect(shared).toEqual(jsonValueOf(bytesOf(value)));
          // Member order too: a member shared from the neighbour must not reorder the object it is in.
          expect(JSON.stringify(shared)).toBe(JSON.stringify(value));
          expect(JSON.stringify(other)).toBe(before);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('keeps own __proto__ members, nested values and non-string entries in place', () => {
    const text = '{"__proto__": {"a": 1}, "permissions": {"allow": ["Bash(ls)", 3, {"x": "Bash(ls)"}, null, "Read"]}}';
    const like = { permissions: { allow: ['Bash(ls)', 4, { x: 'Bash(ls)' }, null, 'Read'] } };
    const value = sharedJsonValueOf(Buffer.from(text), like) as Record<string, unknown>;
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(value).toEqual(JSON.parse(text));
  });

  it('takes the neighbour\'s arrays and objects where they are equal throughout, and only there', () => {
    const like = JSON.parse('{"permissions": {"allow": ["Bash(ls)", "Read"], "deny": ["Bash(rm:*)"]}, "mcpServers": {"a": {"command": "npx", "args": ["-y", "a"]}, "b": {"command": "npx", "args": ["b"]}}, "env": {"A": "1", "B": "2"}}') as Record<string, any>;
    const text = '{"permissions": {"allow": ["Bash(ls)", "Read", "Edit"], "deny": ["Bash(rm:*)"]}, "mcpServers": {"a": {"command": "npx", "args": ["-y", "a"]}, "b": {"command": "npx", "args": ["c"]}}, "env": {"B": "2", "A": "1"}}';
    const value = sharedJsonValueOf(Buffer.from(text), like) as Record<string, any>;
    expect(value).toEqual(JSON.parse(text));
    expect(value.permissions.deny).toBe(like.permissions.deny);
    expect(value.mcpServers.a).toBe(like.mcpServers.a);
    expect(value.permissions.allow).not.toBe(like.permissions.allow);
    expect(value.mcpServers.b).not.toBe(like.mcpServers.b);
    // Same members in another order: not the same object (the order is what a reader iterates).
    expect(value.env).not.toBe(like.env);
    expect(Object.keys(value.env)).toEqual(['B', 'A']);
    // A version equal throughout is the neighbour itself.
    expect(sharedJsonValueOf(Buffer.from(JSON.stringify(like)), like)).toBe(like);
    // -0 and 0 are not the same value to share.
    const zero = sharedJsonValueOf(Buffer.from('{"a": [-0]}'), { a: [0] }) as { a: number[] };
    expect(Object.is(zero.a[0], -0)).toBe(true);
  });

  it('reads bytes as decodeText and JSON.parse do: BOM, NUL, non-ASCII, invalid UTF-8 and ASCII alike', () => {
    const reference = (bytes: Uint8Array) => {
      const text = decodeText(bytes).text;
      if (text === undefined) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return undefined;
      }
    };
    const pieces = fc.constantFrom('{', '}', '[', ']', '"a"', ':', ',', ' ', '1', '\u0000', 'é', '"é"', '\uFEFF', 'null', '"\u0000"');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), fc.boolean(), fc.uint8Array({ maxLength: 3 }), (parts, bom, junk) => {
        const text = parts.join('');
        const bytes = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text), Buffer.from(junk)]);
        expect(jsonValueOf(bytes)).toEqual(reference(bytes));
      }),
      { numRuns: 3000 },
    );
  });
});
