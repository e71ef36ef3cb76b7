// The search page in a real browser (Debian's headless Chromium, driven by playwright-core):
// typing, suggestions, highlighted hits, facets, "did you mean", URL state and the back button,
// and article text that tries to inject markup.
//   node search_page_test.mjs BIN_DIR CORPUS_DIR SCREENSHOT_DIR
import { startServer, startEmbeddingSite, launchBrowser, stepper } from './support.mjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, cpSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const [binDir, corpusDir, screenshotDir] = process.argv.slice(2);
const work = mkdtempSync(join(tmpdir(), 'kestrel-browser-'));
let server, browser;


const { step, done: steps } = stepper();

try {
  // The clinic corpus plus an article whose title and text try to inject markup.
  const corpus = join(work, 'corpus');
  cpSync(corpusDir, corpus, { recursive: true });
  writeFileSync(join(corpus, 'articles', 'zz-hostile.md'),
    '---\nid: hostile\ntitle: "Zebrafish <script>window.__xss = 1</script> <img src=x onerror=window.__xss=2>"\n---\n\n' +
    'Zebrafish models &amp; <script>window.__xss = 3</script> ketamine <b onmouseover="window.__xss=4">bold</b> research.\n');
  // JSON Lines text is plain text, so its markup must reach the page as visible characters.
  writeFileSync(join(corpus, 'articles', 'zz-hostile.jsonl'), JSON.stringify({
    id: 'hostile-plain', title: 'Axolotl study', text: 'Axolotl <script>window.__xss = 5</script> & <img src=x onerror="window.__xss=6"> ketamine.',
  }) + '\n');
  // A PDF article, made as the other tests make theirs: its second page says "zanzibar".
  execFileSync('/usr/bin/python3', [new URL('../tools/make_pdf.py', import.meta.url).pathname,
    join(corpus, 'articles', 'infusion-audit.pdf'), '--title', 'An audit of ketamine infusions',
    '--page', 'Audit of a clinic. Methods follow.', '--page', 'Results: zanzibar protocol outcomes.']);
  execFileSync(join(binDir, 'kestrel-index'), ['--corpus', corpus, '--index', join(work, 'index')], { stdio: 'pipe' });
  const clinicSite = await startEmbeddingSite(() => server.url);
  const clinicOrigin = clinicSite.origin;
  server = await startServer(binDir, join(work, 'index'), clinicOrigin);

  browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));

  const input = page.getByRole('combobox', { name: 'Search the research library' });
  const hits = page.locator('.ks-hit');
  const status = page.locator('.ks-status');

  await step('the page loads and browses every article', async () => {
    await page.goto(server.url + '/');
    await page.waitForFunction(() => /20 articles/.test(document.querySelector('.ks-status')?.textContent || ''));
    assert.equal(await hits.count(), 10);
  });

  await step('suggestions appear while typing and the keyboard picks one', async () => {
    await input.click();
    await input.pressSequentially('post', { delay: 40 });
    const option = page.getByRole('option', { name: 'post-traumatic stress disorder' });
    await option.waitFor();
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    await input.press('ArrowDown');
    assert.equal(await option.getAttribute('aria-selected'), 'true');
    // The same suggestions arriving again (a late answer for what is typed) keep the arrows'
    // place: redrawn, the list lost it, and Enter searched "post" (a flaky keyboard test on CI).
    const again = page.waitForResponse((r) => r.url().includes('/api/suggest?q=post'));
    await input.dispatchEvent('input');
    await again;
    await page.waitForTimeout(100);
    assert.equal(await option.getAttribute('aria-selected'), 'true', 'the choice survives a refresh');
    await input.press('Enter');
    await page.waitForURL(/q=post-traumatic\+stress\+disorder/);
    assert.equal(await input.inputValue(), 'post-traumatic stress disorder');
    await page.waitForFunction(() => document.querySelectorAll('.ks-hit mark').length > 0);
  });

  await step('results update as you type, with matches highlighted', async () => {
    await input.fill('');
    await input.pressSequentially('intranas', { delay: 30 });  // a prefix: matched as you type
    await page.waitForFunction(() => /intranas/.test(document.querySelector('.ks-status')?.textContent || ''));
    await page.waitForFunction(() => [...document.querySelectorAll('.ks-hit mark')].some((m) => /intranasal/i.test(m.textContent)));
    assert.ok(await hits.count() > 0);
  });

  await step('ticking a facet narrows the results and updates the counts', async () => {
    await input.fill('ketamine');
    await input.press('Enter');
    await page.waitForURL(/q=ketamine$/);
    await page.waitForFunction(() => /for “ketamine”/.test(document.querySelector('.ks-status')?.textContent || ''));
    const before = await status.textContent();
    const routeCounts = async () => page.locator('fieldset:has(legend:text("Route of administration")) .ks-count').allTextContents();
    const countsBefore = await routeCounts();
    const ptsd = page.getByRole('checkbox', { name: /^PTSD/ });
    await ptsd.check();
    await page.waitForURL(/condition=PTSD/);
    await page.waitForFunction((b) => document.querySelector('.ks-status')?.textContent !== b, before);
    assert.notEqual(await status.textContent(), before);
    assert.notDeepEqual(await routeCounts(), countsBefore);
    for (const tags of await hits.locator('.ks-tags').allTextContents()) assert.match(tags, /PTSD/);
    assert.ok(await page.getByRole('checkbox', { name: /^PTSD/ }).isChecked());
  });

  await step('the URL restores the search on reload, and back returns to the previous one', async () => {
    const url = page.url();
    await page.reload();
    await page.waitForFunction(() => document.querySelectorAll('.ks-hit').length > 0);
    assert.equal(await input.inputValue(), 'ketamine');
    assert.ok(await page.getByRole('checkbox', { name: /^PTSD/ }).isChecked());
    assert.equal(page.url(), url);
    await page.goBack();
    await page.waitForFunction(() => !location.search.includes('condition='));
    await page.waitForFunction(() => !document.querySelector('input[type=checkbox][value="PTSD"]')?.checked);
  });

  await step('keyboard users reach and tick a facet', async () => {
    await page.getByRole('checkbox', { name: /^intravenous/ }).focus();
    await page.keyboard.press('Space');
    await page.waitForURL(/route=intravenous/);
    await page.getByRole('button', { name: 'Clear all' }).click();
    await page.waitForFunction(() => !location.search.includes('route='));
  });

  await step('conditions show as a tree: children under their parent, a parent ticking its branch', async () => {
    await page.goto(server.url + '/');
    await hits.first().waitFor();
    const conditions = page.locator('fieldset:has(legend:text("Condition")) .ks-facet-option');
    const rows = await conditions.evaluateAll((labels) => labels.map((l) => ({
      text: l.textContent, child: /ks-depth-1/.test(l.className), indent: l.getBoundingClientRect().left + parseFloat(getComputedStyle(l).paddingLeft) })));
    const at = (name) => rows.findIndex((r) => r.text.startsWith(name));
    const parent = at('substance use disorders'), child = at('alcohol use disorder');
    assert.ok(parent >= 0 && child > parent, 'alcohol use disorder listed after its parent');
    assert.ok(rows[child].child && !rows[parent].child);
    assert.ok(rows[child].indent > rows[parent].indent, 'the child is indented');
    const count = (i) => Number(rows[i].text.match(/(\d+)$/)[1]);
    for (const name of ['alcohol use disorder', 'opioid use disorder', 'cocaine use disorder']) assert.ok(count(parent) >= count(at(name)));
    await page.getByRole('checkbox', { name: /^substance use disorders/ }).check();
    await page.waitForURL(/condition=substance/);
    const alcohol = page.getByRole('checkbox', { name: /^alcohol use disorder/ });
    await page.waitForFunction(() => document.querySelector('input[value="alcohol use disorder"]')?.disabled);
    assert.ok(await alcohol.isChecked());
    assert.equal(await status.textContent().then((t) => /\d+/.exec(t)[0]), String(count(parent)));
    await page.screenshot({ path: join(screenshotDir, 'search-page-tree.png'), fullPage: false });
    await page.getByRole('button', { name: 'Clear all' }).click();
    await page.waitForFunction(() => !location.search.includes('condition='));
  });

  await step('a hit opens its related research, fetched from the API', async () => {
    await page.goto(server.url + '/?q=obsessive');
    await hits.first().waitFor();
    const hit = page.locator('.ks-hit', { hasText: 'Effects of Ketamine in Treatment-Refractory Obsessive-Compulsive Disorder' });
    const toggle = hit.getByRole('button', { name: 'Related research' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.click();
    const related = hit.locator('.ks-related-list li');
    await page.waitForFunction(() => [...document.querySelectorAll('.ks-related-list li')].some((li) => /Crossover/.test(li.textContent)));
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await related.count(), 3);
    assert.match(await related.first().textContent(), /Randomised Controlled Crossover Trial of Ketamine in Obsessive-Compulsive Disorder/);
    await page.screenshot({ path: join(screenshotDir, 'search-page-related.png'), fullPage: false });
    await toggle.click();
    assert.ok(await hit.locator('.ks-related-list').isHidden());
  });

  await step('"did you mean" is offered for a misspelling and can be followed', async () => {
    await input.fill('depresion');
    await input.press('Enter');
    const fix = page.getByRole('button', { name: 'depression', exact: true });
    await fix.waitFor();
    assert.equal(await input.inputValue(), 'depresion');  // what was typed stays until the fix is chosen
    await page.screenshot({ path: join(screenshotDir, 'search-page.png'), fullPage: false });
    await fix.click();
    await page.waitForURL(/q=depression/);
    assert.equal(await input.inputValue(), 'depression');
  });

  await step('nothing found gives a friendly message', async () => {
    await input.fill('xyzzyplugh');
    await input.press('Enter');
    await page.getByText('No articles match “xyzzyplugh”.').waitFor();
  });

  await step('paging moves through the results', async () => {
    await page.goto(server.url + '/?q=ketamine');
    await page.waitForFunction(() => document.querySelectorAll('.ks-hit').length === 10);
    const first = await hits.first().locator('h3').textContent();
    await page.getByRole('button', { name: 'Page 2' }).click();
    await page.waitForURL(/page=2/);
    await page.waitForFunction((f) => document.querySelector('.ks-hit h3')?.textContent !== f, first);
  });

  await step('article text cannot inject markup: it shows as text, and nothing runs', async () => {
    await page.goto(server.url + '/?q=zebrafish');
    await hits.first().waitFor();
    const title = await hits.first().locator('h3').textContent();
    assert.match(title, /<script>window.__xss = 1<\/script>/);
    // Raw HTML in Markdown is markup, dropped by the reader; what is left is text.
    assert.equal(await hits.first().locator('.ks-snippet').textContent(), 'Zebrafish models & window.__xss = 3 ketamine bold research');
    assert.equal(await hits.first().locator('script, img, b').count(), 0);
    await hits.first().hover();
    await page.goto(server.url + '/?q=axolotl');
    await hits.first().waitFor();
    const plain = hits.first().locator('.ks-snippet');
    assert.match(await plain.textContent(), /<script>window.__xss = 5<\/script> & <img src=x onerror="window.__xss=6">/);
    assert.equal(await plain.locator('mark').first().textContent(), 'Axolotl');
    assert.equal(await page.locator('.ks-hits script, .ks-hits img').count(), 0);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
  });

  await step('the phone layout stacks filters above results', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.url + '/?q=ptsd');
    await hits.first().waitFor();
    const facets = await page.locator('.ks-facets').boundingBox();
    const results = await page.locator('.ks-results').boundingBox();
    assert.ok(facets.y + facets.height <= results.y + 1, 'facets above results');
    assert.ok(results.width <= 390);
    await page.screenshot({ path: join(screenshotDir, 'search-page-phone.png'), fullPage: false });
    // The condition tree on a phone: the panel opens, children indented under their parent.
    await page.goto(server.url + '/?q=ketamine');
    await hits.first().waitFor();
    await page.locator('summary', { hasText: 'Condition' }).click();
    const child = page.locator('.ks-facet-option.ks-depth-1').first();
    await child.waitFor();
    const childBox = await child.locator('input').boundingBox();
    const topBox = await page.locator('.ks-facet-option:not(.ks-depth-1) input').first().boundingBox();
    assert.ok(childBox.x > topBox.x, 'children are indented on a phone too');
    assert.ok(childBox.x + childBox.width <= 390);
    await page.screenshot({ path: join(screenshotDir, 'search-page-phone-tree.png'), fullPage: false });
  });

  await step('the embed snippet puts the search box on another site, talking to the API by CORS', async () => {
    const embedded = await browser.newPage();
    embedded.on('pageerror', (e) => problems.push(e.message));
    await embedded.goto(clinicOrigin + '/');
    const box = embedded.getByRole('combobox', { name: 'Search the research library' });
    await box.waitFor();
    await box.fill('ptsd');
    await box.press('Enter');
    await embedded.waitForFunction(() => document.querySelectorAll('.ks-hit mark').length > 0);
    assert.equal(new URL(embedded.url()).search, '', 'the host page URL is left alone');
    // The embedded widget shows the condition tree as the page does.
    await box.fill('ketamine');
    await box.press('Enter');
    await embedded.locator('.ks-facet-option.ks-depth-1', { hasText: 'alcohol use disorder' }).waitFor();
    await embedded.close();
    clinicSite.close();
  });

  await step('a hit offers its citation: RIS, BibTeX and CSL-JSON to download, BibTeX to copy', async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const citing = await context.newPage();
    citing.on('pageerror', (e) => problems.push(e.message));
    await citing.goto(server.url + '/?q=addiction');
    const hit = citing.locator('.ks-hit', { hasText: 'Ketamine for the Treatment of Addiction' });
    await hit.locator('summary', { hasText: 'Cite' }).click();
    const bibtex = hit.getByRole('link', { name: 'BibTeX' });
    assert.equal(await bibtex.getAttribute('href'), '/api/articles/ketamine-treatment-of-addiction/cite?format=bibtex');
    const download = citing.waitForEvent('download');
    await hit.getByRole('link', { name: /^RIS/ }).click();
    assert.equal((await download).suggestedFilename(), 'ketamine-treatment-of-addiction.ris');
    await hit.getByRole('button', { name: 'Copy BibTeX' }).click();
    await hit.getByText('Copied').waitFor();
    assert.match(await citing.evaluate(() => navigator.clipboard.readText()), /^@misc\{ketamine-treatment-of-addiction,/);
    await citing.screenshot({ path: join(screenshotDir, 'search-page-cite.png'), fullPage: false });
    await context.close();
  });

  await step('"Follow this search" links the same search as an Atom feed', async () => {
    await page.goto(server.url + '/?q=ketamine&condition=PTSD&page=1&sort=date');
    await hits.first().waitFor();
    const follow = page.getByRole('link', { name: 'Follow this search' });
    const href = await follow.getAttribute('href');
    assert.equal(new URL(href, server.url).pathname + new URL(href, server.url).search, '/api/feed?q=ketamine&condition=PTSD');
    const feed = await page.request.get(new URL(href, server.url).href);
    assert.equal(feed.headers()['content-type'], 'application/atom+xml; charset=utf-8');
    assert.match(await feed.text(), /<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
  });

  await step('the study facet narrows to a design, and "Strongest evidence first" orders by design', async () => {
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(server.url + '/?q=ketamine');
    await hits.first().waitFor();
    const rct = page.getByRole('checkbox', { name: /^randomised controlled trial/ });
    await rct.check();
    await page.waitForURL(/study=randomised\+controlled\+trial/);
    await page.waitForFunction(() => /^7 articles/.test(document.querySelector('.ks-status')?.textContent || ''));
    for (const line of await hits.locator('.ks-study').allTextContents()) assert.match(line, /^randomised controlled trial/);
    assert.ok((await hits.locator('.ks-study', { hasText: '18 participants' }).count()) === 1, 'participants shown');
    await page.screenshot({ path: join(screenshotDir, 'search-page-study-facet.png'), fullPage: false });
    await page.goto(server.url + '/?q=ketamine');
    await hits.first().waitFor();
    await page.getByLabel('Sort by').selectOption('evidence');
    await page.waitForURL(/sort=evidence/);
    await page.waitForFunction(() => /systematic review/.test(document.querySelector('.ks-hit .ks-study')?.textContent || ''));
    const order = ['meta-analysis', 'systematic review', 'randomised controlled trial', 'non-randomised or open-label trial',
      'cohort or observational study', 'case report or series', 'narrative review', 'commentary or blog'];
    const ranks = [];
    for (const hit of await hits.all()) {
      const study = await hit.locator('.ks-study').count() ? (await hit.locator('.ks-study').textContent()).split(',')[0] : '';
      ranks.push(study ? order.indexOf(study) : order.length);
    }
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), `designs in order: ${ranks}`);
    // The same order without the script: the server's sort links.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const plain = await context.newPage();
    await plain.goto(server.url + '/?q=ketamine');
    await plain.getByRole('link', { name: 'Strongest evidence first' }).click();
    await plain.waitForURL(/sort=evidence/);
    assert.match(await plain.locator('.ks-hit .ks-study').first().textContent(), /^systematic review/);
    await context.close();
  });

  await step('a PDF hit says the page of its passage, and its link opens the file at that page', async () => {
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(server.url + '/?q=zanzibar');
    await page.waitForFunction(() => /for “zanzibar”/.test(document.querySelector('.ks-status')?.textContent || ''));
    const hit = hits.first();
    assert.equal(await hit.locator('h3').textContent(), 'An audit of ketamine infusions');
    assert.equal(await hit.locator('.ks-page').textContent(), 'p. 2');
    const link = hit.getByRole('link', { name: 'PDF, page 2' });
    assert.equal(await link.getAttribute('href'), '/files/infusion-audit.pdf#page=2');
    await page.screenshot({ path: join(screenshotDir, 'search-page-pdf-hit.png'), fullPage: false });
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/files/infusion-audit.pdf')),
      link.click(),
    ]);
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/pdf');
    assert.match(response.headers()['content-disposition'], /^inline; filename="infusion-audit.pdf"$/);
    // Chromium shows it in its PDF viewer (the response the page sees is the viewer's wrapper):
    // the bytes are checked over the API.
    await page.waitForTimeout(1000);
    await page.screenshot({ path: join(screenshotDir, 'search-page-pdf-opened.png'), fullPage: false });
    const file = await page.request.get(server.url + '/files/infusion-audit.pdf');
    assert.equal((await file.body()).subarray(0, 5).toString(), '%PDF-');
  });

  await step('without JavaScript the server renders the results: search, a facet link, the next page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 900 } });
    const plain = await context.newPage();
    await plain.goto(server.url + '/');
    const box = plain.getByRole('searchbox', { name: 'Search the research library' });
    await box.fill('ketamine');
    await plain.getByRole('button', { name: 'Search' }).click();
    await plain.waitForURL(/\?q=ketamine$/);
    assert.match(await plain.locator('.ks-status').textContent(), /^\d+ articles for “ketamine”$/);
    assert.equal(await plain.locator('.ks-hit').count(), 10);
    assert.ok(await plain.locator('.ks-hit mark').count() > 0, 'matches highlighted');
    const all = Number((await plain.locator('.ks-status').textContent()).match(/^\d+/)[0]);
    await plain.locator('.ks-facets a', { hasText: 'PTSD' }).first().click();
    await plain.waitForURL(/condition=PTSD/);
    const narrowed = Number((await plain.locator('.ks-status').textContent()).match(/^\d+/)[0]);
    assert.ok(narrowed > 0 && narrowed < all, `PTSD narrows ${all} to ${narrowed}`);
    await plain.screenshot({ path: join(screenshotDir, 'search-page-no-javascript.png'), fullPage: false });
    await plain.goto(server.url + '/?q=ketamine');
    await plain.getByRole('link', { name: 'Next page' }).click();
    await plain.waitForURL(/page=2/);
    assert.equal(await plain.locator('.ks-pager [aria-current="page"]').textContent(), '2');
    // Hostile article text is text here too.
    await plain.goto(server.url + '/?q=zebrafish');
    assert.equal(await plain.locator('.ks-hits script, .ks-hits img').count(), 0);
    assert.match(await plain.locator('.ks-hit h3').first().textContent(), /Zebrafish/);
    await context.close();
  });

  await step('dark colours follow the system, and printing leaves a plain list of results', async () => {
    const dark = await browser.newPage({ colorScheme: 'dark', viewport: { width: 1200, height: 900 } });
    dark.on('pageerror', (e) => problems.push(e.message));
    await dark.goto(server.url + '/?q=ptsd');
    await dark.locator('.ks-hit').first().waitFor();
    const paper = await dark.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const hit = await dark.evaluate(() => getComputedStyle(document.querySelector('.ks-hit')).backgroundColor);
    assert.equal(paper, 'rgb(15, 22, 21)', 'dark page');
    assert.equal(hit, 'rgb(23, 32, 31)', 'dark results');
    await dark.screenshot({ path: join(screenshotDir, 'search-page-dark.png'), fullPage: false });
    await dark.emulateMedia({ media: 'print', colorScheme: 'light' });
    for (const hidden of ['.ks-facets', '.ks-searchbar', '.ks-pager', '.ks-related']) {
      assert.equal(await dark.locator(hidden).first().evaluate((e) => getComputedStyle(e).display), 'none', hidden + ' not printed');
    }
    assert.equal(await dark.locator('.ks-hit').first().evaluate((e) => getComputedStyle(e).display), 'list-item');
    await dark.screenshot({ path: join(screenshotDir, 'search-page-print.png'), fullPage: false });
    await dark.close();
  });

  assert.deepEqual(problems, [], 'no console errors or CSP violations');
  console.log(`${steps.length} browser checks passed`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  if (browser) await browser.close();
  if (server) server.child.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
