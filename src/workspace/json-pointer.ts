export type JsonPath = readonly (string | number)[];

/** RFC 6901 JSON pointer for a path of keys and indexes. */
export function toPointer(path: JsonPath): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const seg = String(path[i]);
    // Most keys need no escaping; two regex replacements per key showed in profiles of history's thousands of rules.
    out += seg.includes('~') || seg.includes('/') ? `/${seg.replace(/~/g, '~0').replace(/\//g, '~1')}` : `/${seg}`;
  }
  return out;
}

export function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'));
}
