import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromPointer, toPointer } from '../../src/workspace/json-pointer.js';

describe('JSON pointers (RFC 6901)', () => {
  it('escapes ~ as ~0 and / as ~1, in that order', () => {
    expect(toPointer([])).toBe('');
    expect(toPointer(['permissions', 'allow', 3])).toBe('/permissions/allow/3');
    expect(toPointer(['a/b', '~1', 'm~n/'])).toBe('/a~1b/~01/m~0n~1');
    expect(toPointer([''])).toBe('/');
  });

  it('reads back what it writes, for any keys', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: fc.constantFrom('a', '~', '/', '0', '1', 'é') }), fc.nat())), (path) => {
        const pointer = toPointer(path);
        expect(fromPointer(pointer)).toEqual(path.map(String));
        expect(pointer).toBe(path.map((seg) => `/${String(seg).split('~').join('~0').split('/').join('~1')}`).join(''));
      }),
    );
  });
});
