// The search page held to WCAG 2.1 A and AA: axe-core (as health sites are audited) on every
// state of the page and of the embed, and a keyboard-only journey with a visible focus at each
// step. axe is injected into the page, which the page's CSP forbids, so its audits run in a
// browser context that bypasses CSP; the keyboard journey runs under the CSP.
//   node accessibility_test.mjs BIN_DIR CORPUS_DIR SCREENSHOT_DIR
import { startServer, startEmbeddingSite, launchBrowser, stepper, axeViolations as violations } from './support.mjs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const [binDir, corpusDir, screenshotDir] = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'kestrel-a11y-'));
const { step, done: steps } = stepper();
let server, browser, hostSite;

// Whether the focused element shows it: an outline or a ring (box-shadow), not the bare body.
function focusIsVisible(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return outline || style.boxShadow !== 'none';
  });
}

// Presses `key` (Tab, Shift+Tab) until `wanted` holds of the focused element, checking that the
// focus is visible at every stop on the way; fails after `most` presses (the four facets' values
// and the toolbar come before the hits: 62 stops from the search box to Next page on the clinic
// corpus).
async function tabTo(page, wanted, description, key = 'Tab', most = 90) {
  for (let i = 0; i < most; i++) {
    await page.keyboard.press(key);
    const where = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120));
    assert.ok(await focusIsVisible(page), `visible focus on ${where}`);
    if (await page.evaluate(wanted)) return;
  }
  assert.fail(`${description} not reached with ${key}`);
}

try {
  execFileSync(join(binDir, 'kestrel-index'), ['--corpus', corpusDir, '--index', join(work, 'index')], { stdio: 'pipe' });
  hostSite = await startEmbeddingSite(() => server.url);
  const hostOrigin = hostSite.origin;
  server = await startServer(binDir, join(work, 'index'), hostOrigin);
  browser = await launchBrowser();
  const found = [];

  await step('axe: no WCAG 2.1 A/AA violation in any state of the page on a desktop', async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const input = page.getByRole('combobox', { name: 'Search the research library' });
    await page.goto(server.url + '/');
    await page.waitForFunction(() => /\d+ articles/.test(document.querySelector('.ks-status')?.textContent || ''));
    found.push(...await violations(page, 'landing page'));
    await page.goto(server.url + '/?q=ptsd');
    await page.locator('.ks-hit mark').first().waitFor();
    found.push(...await violations(page, 'results'));
    await page.goto(server.url + '/?q=xyzzyplugh');
    await page.getByText('No articles match “xyzzyplugh”.').waitFor();
    found.push(...await violations(page, 'no results'));
    await page.goto(server.url + '/?q=depresion');
    await page.getByRole('button', { name: 'depression', exact: true }).waitFor();
    found.push(...await violations(page, 'did you mean'));
    await page.goto(server.url + '/');
    await input.pressSequentially('post', { delay: 30 });
    await page.getByRole('option').first().waitFor();
    found.push(...await violations(page, 'suggestions open'));
    await page.goto(server.url + '/?q=obsessive');
    await page.getByRole('button', { name: 'Related research' }).first().click();
    await page.locator('.ks-related-list li a, .ks-related-list li').first().waitFor();
    await page.waitForFunction(() => !/Loading/.test(document.querySelector('.ks-related-list:not([hidden])')?.textContent || 'Loading'));
    found.push(...await violations(page, 'related research open'));
    await page.route('**/api/search?**', (route) => route.fulfill({
      status: 503, contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'unavailable', message: 'the search index cannot be read at the moment' } }),
    }));
    await page.goto(server.url + '/?q=ptsd');
    await page.getByText('the search index cannot be read at the moment').waitFor();
    found.push(...await violations(page, 'an error'));
    await page.unroute('**/api/search?**');
    // The page as the server renders it, when its script does not load.
    await page.route('**/static/app.js', (route) => route.abort());
    await page.goto(server.url + '/?q=ketamine&condition=PTSD');
    await page.locator('.ks-server-rendered .ks-hit').first().waitFor();
    found.push(...await violations(page, 'without JavaScript'));
    await context.close();
    const dark = await browser.newContext({ bypassCSP: true, colorScheme: 'dark', viewport: { width: 1200, height: 900 } });
    const darkPage = await dark.newPage();
    await darkPage.goto(server.url + '/?q=ketamine');
    await darkPage.locator('.ks-hit mark').first().waitFor();
    found.push(...await violations(darkPage, 'dark colours'));
    await dark.close();
  });

  await step('axe: no violation on a phone (results, the facet panel open) or in the embed', async () => {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    await page.goto(server.url + '/?q=ptsd');
    await page.locator('.ks-hit').first().waitFor();
    found.push(...await violations(page, 'phone results'));
    await page.locator('summary', { hasText: 'Condition' }).click();
    await page.locator('.ks-facet-option').first().waitFor();
    found.push(...await violations(page, 'phone, facet panel open'));
    await page.screenshot({ path: join(screenshotDir, 'accessibility-phone-facets.png'), fullPage: false });
    await context.close();
    const embedContext = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } });
    const embedded = await embedContext.newPage();
    await embedded.goto(hostOrigin + '/');
    const box = embedded.getByRole('combobox', { name: 'Search the research library' });
    await box.fill('ptsd');
    await box.press('Enter');
    await embedded.locator('.ks-hit mark').first().waitFor();
    found.push(...await violations(embedded, 'embedded on another site'));
    await embedContext.close();
    assert.deepEqual(found, [], 'axe violations');
  });

  await step('keyboard only: type, pick a suggestion, page, open related research, tick a facet', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(server.url + '/');
    const status = page.locator('.ks-status');
    await status.filter({ hasText: /\d+ articles/ }).waitFor();
    assert.equal(await status.getAttribute('aria-live'), 'polite', 'the result count is announced');
    await tabTo(page, () => document.activeElement.getAttribute('role') === 'combobox', 'the search box');
    await page.keyboard.type('ket', { delay: 40 });
    await page.getByRole('option', { name: 'ketamine', exact: true }).waitFor();
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('ArrowDown');
      const chosen = await page.locator('[role=option][aria-selected=true]').textContent();
      if (chosen === 'ketamine') break;
    }
    assert.equal(await page.locator('[role=option][aria-selected=true]').textContent(), 'ketamine');
    assert.ok(await focusIsVisible(page), 'the search box keeps a visible focus while choosing');
    const fullSearches = [];
    page.on('request', (r) => { if (/\/api\/search\?q=ketamine&per_page=10$/.test(r.url())) fullSearches.push(r.url()); });
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=ketamine$/);
    await status.filter({ hasText: /for “ketamine”/ }).waitFor();
    // Once: typing's settled search (due 1.2 s after the last key) is cancelled by the choice.
    await page.waitForTimeout(1500);
    assert.equal(fullSearches.length, 1, 'the chosen suggestion is searched once');
    await tabTo(page, () => document.activeElement.getAttribute('aria-label') === 'Next page', 'the next page');
    await page.keyboard.press('Enter');
    await page.waitForURL(/page=2/);
    // The URL changes at once, the results when they come: tab on through the second page's.
    await page.locator('.ks-pager [aria-current="page"]', { hasText: '2' }).waitFor();
    await tabTo(page, () => document.activeElement.textContent === 'Related research', 'related research');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement.getAttribute('aria-expanded') === 'true');
    await page.locator('.ks-related-list:not([hidden]) li').first().waitFor();
    await tabTo(page, () => document.activeElement.type === 'checkbox' && !document.activeElement.disabled, 'a facet', 'Shift+Tab');
    const before = await status.textContent();
    await page.keyboard.press('Space');
    await page.waitForURL(/condition=|route=|source=/);
    await page.waitForFunction((b) => document.querySelector('.ks-status').textContent !== b, before);
    assert.ok(!/page=2/.test(page.url()), 'a new filter starts again at page 1');
    // The results were drawn again: the focus stays on the facet just ticked, visibly.
    const focusedAfter = await page.evaluate(() => ({ checkbox: document.activeElement.type === 'checkbox' && document.activeElement.checked,
      html: document.activeElement.outerHTML.slice(0, 160) }));
    assert.ok(focusedAfter.checkbox, 'the ticked facet keeps the focus, not ' + focusedAfter.html);
    assert.ok(await focusIsVisible(page));
    await page.screenshot({ path: join(screenshotDir, 'accessibility-keyboard.png'), fullPage: false });
    assert.deepEqual(problems, []);
    await page.close();
  });

  await step('the staff report (kestrel-search --analytics --html): axe finds nothing, a screenshot', async () => {
    const dir = join(work, 'analytics');
    mkdirSync(dir);
    for (let back = 0; back < 5; back++) {
      const day = new Date(Date.now() - back * 86400000).toISOString().slice(0, 10);
      writeFileSync(join(dir, day + '.json'), JSON.stringify({ format: 1, day, searches: 20 + back * 4, no_results: 3 + back,
        queries: [['ketamine ptsd', 6, 0, 0], ['esketamine', 3, 0, 3], ['nasal spray', 4, 0, 1], ['xyzzyplugh', 3, 0, 3]] }));
    }
    execFileSync(join(binDir, 'kestrel-search'), ['--analytics', dir, '--index', join(work, 'index'), '--html', join(work, 'visitors.html')], { stdio: 'pipe' });
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    await page.goto('file://' + join(work, 'visitors.html'));
    assert.equal(await page.locator('svg.chart').count(), 2);
    assert.deepEqual(await violations(page, 'staff report'), []);
    await page.screenshot({ path: join(screenshotDir, 'analytics-report.png'), fullPage: true });
    await context.close();
  });

  console.log(`${steps.length} accessibility checks passed`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  if (browser) await browser.close();
  if (server) server.child.kill('SIGTERM');
  if (hostSite) hostSite.close();
  rmSync(work, { recursive: true, force: true });
}
