// Results by year, as PubMed's timeline: a bar per year from the counts the API returns; clicking
// a bar filters to that year, Shift-clicking or dragging across bars to a span, from the keyboard
// too; the URL keeps the span; axe finds nothing in it.
//   node year_chart_test.mjs BIN_DIR CORPUS_DIR SCREENSHOT_DIR
import { startServer, launchBrowser, stepper, axeViolations } from './support.mjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const [binDir, , screenshotDir] = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'kestrel-years-'));
const { step, done: steps } = stepper();
let server, browser;

try {
  // 2015: 1, 2016: 0, 2017: 2, ..., 2020: 5 articles; one undated.
  mkdirSync(join(work, 'corpus'));
  const lines = [];
  for (const [year, n] of [[2015, 1], [2017, 2], [2018, 3], [2019, 4], [2020, 5]]) {
    for (let i = 0; i < n; i++) lines.push({ id: `k${year}-${i}`, title: `Ketamine trial ${year} ${i}`, text: 'Ketamine for depression.', published: `${year}-0${1 + i}-10` });
  }
  lines.push({ id: 'undated', title: 'Ketamine note', text: 'Ketamine for depression.' });
  writeFileSync(join(work, 'corpus', 'a.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  execFileSync(join(binDir, 'kestrel-index'), ['--corpus', join(work, 'corpus'), '--index', join(work, 'index')], { stdio: 'pipe' });
  server = await startServer(binDir, join(work, 'index'), 'http://127.0.0.1');
  browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const status = page.locator('.ks-status');
  const bar = (year) => page.getByRole('button', { name: new RegExp('^' + year + ': ') });
  const count = async () => Number((await status.textContent()).match(/\d+/)[0]);

  await step('a bar per year, empty years included, each named with its count', async () => {
    await page.goto(server.url + '/?q=ketamine');
    await status.filter({ hasText: '16 articles' }).waitFor();
    const labels = await page.locator('.ks-year').evaluateAll((bars) => bars.map((b) => b.getAttribute('aria-label')));
    assert.deepEqual(labels, ['2015: 1 article', '2016: 0 articles', '2017: 2 articles', '2018: 3 articles', '2019: 4 articles', '2020: 5 articles']);
    const heights = await page.locator('.ks-year-fill').evaluateAll((f) => f.map((x) => x.getBoundingClientRect().height));
    assert.ok(heights[5] > heights[3] && heights[3] > heights[0], 'taller for more articles');
  });

  await step('a click filters to its year; Shift-click extends to a span; the URL keeps it', async () => {
    await bar(2018).click();
    await status.filter({ hasText: /^3 articles/ }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('filter'), 'published >= 2018 AND published <= 2018');
    await bar(2020).click({ modifiers: ['Shift'] });
    await status.filter({ hasText: /^12 articles/ }).waitFor();
    assert.equal(await bar(2019).getAttribute('aria-pressed'), 'true');
    assert.equal(await bar(2017).getAttribute('aria-pressed'), 'false');
    await page.screenshot({ path: join(screenshotDir, 'search-page-years.png'), fullPage: false });
    await page.reload();
    await status.filter({ hasText: /^12 articles/ }).waitFor();
    await page.getByRole('button', { name: 'All years' }).click();
    await status.filter({ hasText: /^16 articles/ }).waitFor();
  });

  await step('dragging across bars filters to the span', async () => {
    const from = await bar(2015).boundingBox(), to = await bar(2017).boundingBox();
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 5 });
    await page.mouse.up();
    await status.filter({ hasText: /^3 articles/ }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('filter'), 'published >= 2015 AND published <= 2017');
    await page.getByRole('button', { name: 'All years' }).click();
    await status.filter({ hasText: /^16 articles/ }).waitFor();
  });

  await step('from the keyboard: Enter on a year, Shift+Enter on another', async () => {
    await bar(2019).focus();
    await page.keyboard.press('Enter');
    await status.filter({ hasText: /^4 articles/ }).waitFor();
    await page.waitForFunction(() => document.activeElement.getAttribute('aria-pressed') === 'true');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-year')), '2019', 'the focus stays on the year');
    await page.keyboard.press('Tab');  // to 2020
    await page.keyboard.press('Shift+Enter');
    await status.filter({ hasText: /^9 articles/ }).waitFor();
    assert.equal(await count(), 9);
  });

  await step('axe finds no WCAG 2.1 A/AA violation in the chart', async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } });
    const audited = await context.newPage();
    await audited.goto(server.url + '/?q=ketamine');
    await audited.locator('.ks-year').first().waitFor();
    assert.deepEqual(await axeViolations(audited, 'year chart'), []);
    await context.close();
  });

  assert.deepEqual(problems, []);
  console.log(`${steps.length} year chart checks passed`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  if (browser) await browser.close();
  if (server) server.child.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
