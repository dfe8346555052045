#!/usr/bin/env node
/**
 * Looks at the page in the real Chromium: opens it at each screen size, optionally runs a few
 * steps (clicks by test id, fixture scenes), and saves a PNG after each. Not shipped.
 *
 *   node packages/dashboard/web-dev/screenshots.mjs --url http://127.0.0.1:8377/ --out /tmp/shots \
 *        --size 1366x768 --size 1920x1080 [--step click:guided-next] [--step scene:stopKms1] [--step wait:1500] [--step shot:name]
 */
import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:8377/' },
    out: { type: 'string', default: '/tmp/ekmsim-shots' },
    size: { type: 'string', multiple: true, default: ['1366x768'] },
    step: { type: 'string', multiple: true, default: [] },
    prefix: { type: 'string', default: 'page' },
  },
});

await mkdir(values.out, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
try {
  for (const size of values.size) {
    const [width, height] = size.split('x').map(Number);
    const page = await browser.newPage({ viewport: { width, height } });
    const problems = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(values.url);
    await page.getByTestId('sim-clock').getAttribute('data-sim-ms', { timeout: 5000 });
    await page.waitForTimeout(600);
    let n = 0;
    const shot = async (name) => {
      const path = `${values.out}/${values.prefix}-${size}-${String(n++).padStart(2, '0')}-${name}.png`;
      await page.screenshot({ path });
      console.log(path);
    };
    for (const step of values.step) {
      const [kind, arg = ''] = step.split(/:(.*)/s);
      if (kind === 'click') await page.getByTestId(arg).click({ timeout: 5000 });
      else if (kind === 'scene') await fetch(new URL(`/fixture/scene?name=${arg}`, values.url));
      else if (kind === 'wait') await page.waitForTimeout(Number(arg));
      else if (kind === 'shot') await shot(arg);
      else if (kind === 'eval') console.log(await page.evaluate(arg));
      else if (kind === 'hover') await page.getByTestId(arg).hover();
      else if (kind === 'drag') {
        const box = await page.getByTestId('timeline').boundingBox();
        const f = Number(arg);
        await page.mouse.click(box.x + box.width * f, box.y + box.height / 2);
      }
    }
    if (!values.step.some((s) => s.startsWith('shot:'))) await shot('initial');
    if (problems.length > 0) console.log(problems.join('\n'));
    await page.close();
  }
} finally {
  await browser.close();
}
