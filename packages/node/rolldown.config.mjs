// The storage node's worker, bundled into one file. A node's worker starts at every power-on, and
// a scenario powers nodes on and off often (a whole-cluster power cycle starts every node again).
// Loaded as its ≈ 150 ES modules, a fresh worker spends most of its start resolving, reading and
// linking them (≈ 230–330 ms on this project's 2-core machine); the one bundled file starts in
// ≈ 100–145 ms (docs/performance.md). The sources stay one concept per file; only what the worker
// loads is joined. Node's built-in modules stay outside.
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: 'dist/worker.js',
  platform: 'node',
  output: { file: 'dist/worker-bundle.js', format: 'esm' },
});
