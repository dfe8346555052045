/**
 * What a run leaves behind: `trace.json` (every scenario's steps with their verdicts, simulated
 * and wall time) and `index.html`, a self-contained report (no script, no outside resource) that
 * opens offline: per scenario a timeline of its steps on the simulated clock, the faults active
 * after each step (shaded, one colour per kind), the events and sf-master.info lines each step
 * produced, failures in full.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioResult } from './run/run-scenario.js';

export function writeReport(dir: string, results: readonly ScenarioResult[], meta: { readonly startedAt: string }): { trace: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const trace = join(dir, 'trace.json');
  const html = join(dir, 'index.html');
  writeFileSync(trace, `${JSON.stringify({ ...meta, results }, null, 2)}\n`);
  writeFileSync(html, renderHtml(results, meta));
  return { trace, html };
}

const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function renderHtml(results: readonly ScenarioResult[], meta: { readonly startedAt: string }): string {
  const passed = results.filter((r) => r.passed).length;
  const sections = results.map((r) => {
    const span = Math.max(1, r.simulatedSeconds);
    const rows = r.steps
      .map((s) => {
        const left = ((s.at / span) * 100).toFixed(1);
        const faults = s.faults.map((f) => `<span class="fault ${esc(f.split('/')[0] ?? '')}">${esc(f)}</span>`).join(' ');
        const produced = [...s.events.map((e) => `event ${e}`), ...s.log].map(esc).join('\n');
        return `<tr class="${s.status}"><td>${s.index + 1}</td><td>${esc(s.title)}${s.say === undefined ? '' : `<div class="say">${esc(s.say)}</div>`}</td><td>${s.status}</td><td>${esc(s.summary)}${s.failure === undefined ? '' : `<pre>${esc(s.failure)}</pre>`}${produced === '' ? '' : `<details><summary>${s.events.length} events, ${s.log.length} log lines</summary><pre class="log">${produced}</pre></details>`}</td><td>${faults}</td><td>line ${s.line}</td><td><div class="bar"><span style="left:${left}%"></span></div>${s.at} s</td></tr>`;
      })
      .join('\n');
    return `<section class="${r.passed ? 'passed' : 'failed'}"><h2>${r.passed ? '✓' : '✗'} ${esc(r.name)}</h2><p>${esc(r.file)} · seed ${r.seed} · ${r.simulatedSeconds} s simulated in ${(r.wallMs / 1000).toFixed(1)} s${r.error === undefined ? '' : ` · <b>${esc(r.error)}</b>`}</p><table><tr><th>#</th><th>step</th><th>verdict</th><th>what happened</th><th>faults after</th><th>where</th><th>simulated time</th></tr>${rows}</table></section>`;
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ekmsim run: ${passed} passed, ${results.length - passed} failed</title><style>
body{font:14px system-ui,sans-serif;margin:2em;color:#222}h1{font-size:1.4em}section{margin:1.5em 0;padding:.5em 1em;border-left:4px solid #2a2}section.failed{border-color:#c22}
table{border-collapse:collapse;width:100%}td,th{padding:.2em .5em;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}tr.failed{background:#fdd}tr.skipped{color:#999}
.say{color:#555;font-style:italic}.fault{padding:0 .3em;border-radius:3px;background:#eee;white-space:nowrap}.fault.kmipServerFault{background:#f9c}.fault.kmipCertificateFault{background:#fc6}.fault.driveFailed{background:#f99}.fault.sliceServiceUnhealthy{background:#c9f}pre.log{font-size:12px;max-height:20em;overflow:auto;background:#f7f7f7}pre{white-space:pre-wrap;margin:.2em 0}.bar{position:relative;width:12em;height:.6em;background:#eee;display:inline-block;margin-right:.5em}.bar span{position:absolute;top:0;width:3px;height:100%;background:#36c}
</style></head><body><h1>ekmsim run — ${passed} passed, ${results.length - passed} failed</h1><p>started ${esc(meta.startedAt)}</p>${sections.join('\n')}</body></html>
`;
}
