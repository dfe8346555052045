#!/usr/bin/env node
// Rewrites the generated method reference in docs/api.md from the API's schemas (build first).
import { readFileSync, writeFileSync } from 'node:fs';
import { methodReference, REFERENCE_BEGIN, REFERENCE_END } from '../dist/index.js';

const path = new URL('../../../docs/api.md', import.meta.url);
const doc = readFileSync(path, 'utf8');
const begin = doc.indexOf(REFERENCE_BEGIN);
const end = doc.indexOf(REFERENCE_END);
if (begin < 0 || end < begin) {
  console.error('docs/api.md has no method-reference markers');
  process.exit(1);
}
writeFileSync(path, doc.slice(0, begin) + methodReference() + doc.slice(end + REFERENCE_END.length));
console.log('docs/api.md: method reference regenerated');
