/** docs/api.md carries the method reference generated from the schemas, and names every exception. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { API_ERROR_NAMES, ELEMENT_METHODS, methodReference, REFERENCE_BEGIN, REFERENCE_END, SIM_ERROR_NAMES, SIM_METHODS } from '@ekmsim/api';

const docPath = new URL('../../../docs/api.md', import.meta.url);

describe('docs/api.md', () => {
  it('holds the generated method reference, up to date (regenerate: node packages/api/scripts/gen-api-docs.mjs)', async () => {
    const doc = await readFile(docPath, 'utf8');
    const begin = doc.indexOf(REFERENCE_BEGIN);
    const end = doc.indexOf(REFERENCE_END);
    expect(begin).toBeGreaterThanOrEqual(0);
    expect(doc.slice(begin, end + REFERENCE_END.length)).toBe(methodReference());
  });

  it('documents every method, every parameter and every exception name', async () => {
    const doc = await readFile(docPath, 'utf8');
    for (const m of [...ELEMENT_METHODS, ...SIM_METHODS]) {
      expect(doc).toContain(`#### ${m.name}`);
      for (const p of m.params) expect(doc).toContain(`\`${p.name}\``);
      for (const e of m.errors) expect(doc).toContain(e);
    }
    for (const name of [...Object.values(API_ERROR_NAMES), ...Object.values(SIM_ERROR_NAMES), 'xKeyServerIDDoesNotExist', 'xNoOnlineKeyProviderWithThatID']) {
      expect(doc).toContain(name);
    }
  });
});
