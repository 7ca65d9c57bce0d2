// Checks every browser test makes of a screen: a numbered screenshot into the
// test output, axe-core's WCAG 2.2 AA rules, and no sideways scrolling at
// 200% zoom. `getPage` returns the page in use when a check runs.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

export function screenChecks(getPage, output) {
  let shot = 0;
  return {
    async screenshot(name) {
      shot += 1;
      await getPage().screenshot({ path: path.join(output, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
    },
    async assertAccessible(name) {
      const page = getPage();
      await page.evaluate(axeSource);
      const result = await page.evaluate(() =>
        window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }));
      const problems = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
      assert.deepEqual(problems, [], `${name} has accessibility problems`);
    },
    async assertNoSideways(name) {
      const page = getPage();
      await page.setViewportSize({ width: 640, height: 900 });  // 1280 px at 200% zoom
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await page.setViewportSize({ width: 1280, height: 900 });
      assert.ok(overflow <= 1, `${name} scrolls sideways by ${overflow}px at 200% zoom`);
    },
  };
}
