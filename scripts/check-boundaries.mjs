#!/usr/bin/env node
// Fallback for `turbo boundaries` (an experimental turbo feature): every package may import only
// packages of strictly lower layers, only those it declares, and only through their public entry.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkgsDir = join(root, 'packages');
const layers = new Map();
const declared = new Map();
for (const dir of readdirSync(pkgsDir)) {
  const pkg = JSON.parse(readFileSync(join(pkgsDir, dir, 'package.json'), 'utf8'));
  const turbo = JSON.parse(readFileSync(join(pkgsDir, dir, 'turbo.json'), 'utf8'));
  const tag = (turbo.tags ?? []).find((t) => t.startsWith('layer-'));
  if (!tag) throw new Error(`${dir}: turbo.json declares no layer-N tag`);
  layers.set(pkg.name, { dir, layer: Number(tag.slice(6)) });
  declared.set(pkg.name, new Set(Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((d) => d.startsWith('@ekmsim/'))));
}

const problems = [];
function* files(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (p.endsWith('.ts')) yield p;
  }
}
for (const [name, { dir, layer }] of layers) {
  for (const dep of declared.get(name)) {
    const d = layers.get(dep);
    if (!d) problems.push(`${name} depends on unknown package ${dep}`);
    else if (d.layer >= layer) problems.push(`${name} (layer ${layer}) depends on ${dep} (layer ${d.layer})`);
  }
  for (const sub of ['src', 'test']) {
    let base;
    try { base = statSync(join(pkgsDir, dir, sub)) && join(pkgsDir, dir, sub); } catch { continue; }
    for (const file of files(base)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/from\s+['"](@ekmsim\/[^'"]+)['"]/g)) {
        const spec = m[1];
        const target = spec.split('/').slice(0, 2).join('/');
        if (spec !== target) problems.push(`${file}: deep import ${spec}`);
        if (target !== name && !declared.get(name).has(target)) problems.push(`${file}: imports undeclared ${target}`);
      }
    }
  }
}
if (problems.length) {
  for (const p of problems) console.error(`boundaries: ${p}`);
  process.exit(1);
}
console.log(`boundaries: ${layers.size} packages, every dependency points down`);
