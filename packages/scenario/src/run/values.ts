/**
 * Values in a scenario: `${name}` (or `${name.member.0}`) is a value saved by an earlier step (a whole-string reference
 * keeps the value's type; inside text it is spliced in), `${pattern:TEXT:BLOCKS}` is BLOCKS
 * blocks of 4 KiB filled with TEXT, in base64 (what WriteBlocks takes and ReadBlocks answers).
 */
const BLOCK = 4096;
const REFERENCE = /\$\{([^}]+)\}/g;

export class ValueError extends Error {
  override readonly name = 'ValueError';
}

export function pattern(text: string, blocks: number): string {
  const out = Buffer.alloc(blocks * BLOCK);
  const tag = Buffer.from(text);
  for (let i = 0; i < out.length; i += tag.length) tag.copy(out, i);
  return out.toString('base64');
}

function lookup(ref: string, saved: ReadonlyMap<string, unknown>): unknown {
  const p = /^pattern:(.*):([0-9]+)$/s.exec(ref);
  if (p !== null) return pattern(p[1]!, Number(p[2]));
  const [name = '', ...path] = ref.split('.');
  if (!saved.has(name)) throw new ValueError(`\${${ref}}: ${name} was not saved by an earlier step (saved: ${[...saved.keys()].join(', ') || 'nothing'})`);
  return path.length === 0 ? saved.get(name) : valueAt(saved.get(name), path.join('.'));
}

export function resolveValues(value: unknown, saved: ReadonlyMap<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([^}]+)\}$/.exec(value);
    if (whole !== null) return lookup(whole[1]!, saved);
    return value.replace(REFERENCE, (_, ref: string) => {
      const v = lookup(ref, saved);
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolveValues(v, saved));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValues(v, saved)]));
  return value;
}

/** The value at a dotted path (`kmipKeyServer.keyServerID`, `keyServers.0.port`). */
export function valueAt(result: unknown, path: string): unknown {
  let v: unknown = result;
  for (const part of path.split('.')) {
    if (typeof v !== 'object' || v === null || !(part in v)) throw new ValueError(`the result has no ${path}`);
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}
