/**
 * The JSON-RPC envelope as a real cluster writes it (element-api.md §1.4-1.5): compact JSON,
 * object keys sorted at every level, `id` echoed (null when the request had none), `result`
 * always an object, errors `{"error":{"code":500,"message":…,"name":…},"id":…}`.
 */

/** Compact JSON with every object's keys sorted (UTF-16 code-unit order, like `sorted()`). */
export function canonicalJson(value: unknown): string {
  return write(value) ?? 'null';
}

function write(v: unknown): string | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    case 'object': {
      if (Array.isArray(v)) return `[${v.map((x) => write(x) ?? 'null').join(',')}]`;
      const withJson = v as { toJSON?: () => unknown };
      if (typeof withJson.toJSON === 'function') return write(withJson.toJSON());
      const record = v as Record<string, unknown>;
      const members: string[] = [];
      for (const key of Object.keys(record).sort()) {
        const text = write(record[key]);
        if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
      }
      return `{${members.join(',')}}`;
    }
    case 'bigint':
      throw new TypeError('bigint values have no JSON form');
    default:
      return undefined; // undefined, functions and symbols are left out, as JSON.stringify does
  }
}

export function successEnvelope(id: unknown, result: Readonly<Record<string, unknown>>): string {
  return canonicalJson({ id, result });
}

export interface ErrorObject {
  readonly code: number;
  readonly name: string;
  readonly message: string;
}

export function errorEnvelope(id: unknown, error: ErrorObject): string {
  return canonicalJson({ error: { code: error.code, message: error.message, name: error.name }, id });
}
