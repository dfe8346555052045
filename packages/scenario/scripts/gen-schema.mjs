#!/usr/bin/env node
// Writes the scenario JSON Schema (packages/scenario/src/schema.ts, built) to scenarios/schema.json,
// the copy editors and other tools use. packages/scenario/test/schema.test.ts checks they agree.
import { writeFileSync } from 'node:fs';
import { SCENARIO_SCHEMA } from '../dist/index.js';

const out = new URL('../../../scenarios/schema.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(SCENARIO_SCHEMA, null, 2)}\n`);
console.log('scenarios/schema.json: written');
