// The worker entry (`@ekmsim/node/worker`) is one bundled file: a worker starts at every power-on,
// and loading ≈ 150 modules was most of its start (rolldown.config.mjs). If the bundle ever
// leaves a package outside (an `external`, a dynamic import), every power-on pays for it again.
import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(import.meta.resolve('@ekmsim/node/worker'));
const source = readFileSync(entry, 'utf8');

/**
 * Every module specifier the bundle loads: its import statements (rolldown writes them at the start
 * of a line) and the requires of the CommonJS packages inside it (rolldown's `__require`). Text in
 * strings and comments, such as xstate's messages, is not at the start of a line.
 */
function loadedSpecifiers(text: string): string[] {
  const patterns = [/^import\b[^;\n]*?\bfrom\s*["']([^"']+)["']/gm, /^import\s*["']([^"']+)["']/gm, /\b__require\(\s*["']([^"']+)["']\s*\)/g];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]!));
}

describe('the worker bundle', () => {
  it('is the package export, not the compiled entry with its imports', () => {
    expect(entry.endsWith('worker-bundle.js')).toBe(true);
    expect(source).toContain('parseWorkerData');
  });

  it('loads only Node’s built-in modules: every package of the node is inside it', () => {
    const specifiers = loadedSpecifiers(source);
    expect(specifiers.length).toBeGreaterThan(0);
    expect(specifiers.filter((specifier) => !isBuiltin(specifier))).toEqual([]);
  });

  it('finds a package left outside (the check itself)', () => {
    expect(loadedSpecifiers('import { x } from "@ekmsim/core";\nimport "ws";\nconst y = __require("node:fs");\n// see import("./a.ts") from "xstate"')).toEqual(['@ekmsim/core', 'ws', 'node:fs']);
  });
});
