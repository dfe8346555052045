/**
 * Base of every error family in ekmsim. Each family has a stable `code` (from its own `as const`
 * table) so callers branch on codes, not messages; an unknown throw is wrapped with it as `cause`.
 */
export class EkmsimError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}
