// The InstantSearch example page (web/examples/instantsearch/) in Debian's headless Chromium,
// served from its own origin and talking to kestrel-server through
// @meilisearch/instant-meilisearch: typing, two values of one refinement list with disjunctive
// counts, a facet search, paging and sorting by date, each checked against /api/search.
//   node instantsearch_test.mjs BIN_DIR CORPUS_DIR SCREENSHOT_DIR
import { startServer, launchBrowser, stepper } from './support.mjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, cpSync, writeFileSync, rmSync, readFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, normalize, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:http';
import assert from 'node:assert/strict';

const [binDir, corpusDir, screenshotDir] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const example = join(here, '..', '..', 'web', 'examples', 'instantsearch');
const work = mkdtempSync(join(tmpdir(), 'kestrel-instantsearch-'));
let server, browser, site;


// The example's files, with node_modules/ from this test's npm packages (the lock file pins them).
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
function serveExample(req, res) {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = path.startsWith('/node_modules/') ? join(here, path) : join(example, path === '/' ? 'index.html' : path);
  if (!existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'Content-Type': (types[extname(file)] || 'application/octet-stream') + '; charset=utf-8' });
  res.end(readFileSync(file));
}

async function api(params) {
  const response = await fetch(server.url + '/api/search?' + new URLSearchParams(params));
  assert.equal(response.status, 200);
  return response.json();
}

const { step, done: steps } = stepper();

try {
  // The example's pins are the versions this test runs.
  const pinned = JSON.parse(readFileSync(join(example, 'package.json'))).dependencies;
  const lock = JSON.parse(readFileSync(join(here, 'package-lock.json'))).packages;
  for (const [name, version] of Object.entries(pinned))
    assert.equal(lock['node_modules/' + name]?.version, version, name + ' in tests/browser/package-lock.json');

  // The clinic corpus plus dated articles, so that sorting by date has something to sort.
  const corpus = join(work, 'corpus');
  cpSync(corpusDir, corpus, { recursive: true });
  for (const [id, date, condition] of [['dated-a', '2016-03-01', 'PTSD'], ['dated-b', '2021-09-30', 'OCD'], ['dated-c', '2023-05-12', 'PTSD']]) {
    writeFileSync(join(corpus, 'articles', id + '.md'),
      `---\nid: ${id}\ntitle: Ketamine trial ${id}\npublished: ${date}\nconditions: [${condition}]\nsource: Example Journal\n---\n\nKetamine infusion study on ${condition}.\n`);
  }
  execFileSync(join(binDir, 'kestrel-index'), ['--corpus', corpus, '--index', join(work, 'index')], { stdio: 'pipe' });
  site = createServer(serveExample);
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  const siteOrigin = 'http://127.0.0.1:' + site.address().port;
  server = await startServer(binDir, join(work, 'index'), siteOrigin);

  browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  const hitIds = () => page.locator('.ais-Hits-item article').evaluateAll((items) => items.map((a) => a.dataset.id));
  const statsText = () => page.locator('.ais-Stats-text').textContent();
  // Waits until the hits shown are `ids`, in order.
  const waitForHits = (ids) => page.waitForFunction((want) =>
    JSON.stringify([...document.querySelectorAll('.ais-Hits-item article')].map((a) => a.dataset.id)) === JSON.stringify(want), ids);
  const conditionCounts = () => page.locator('#condition .ais-RefinementList-item').evaluateAll((items) =>
    Object.fromEntries(items.map((i) => [i.querySelector('.ais-RefinementList-labelText').textContent,
      Number(i.querySelector('.ais-RefinementList-count').textContent)])));

  await step('the page loads from its own origin and browses every article', async () => {
    await page.goto(siteOrigin + '/?kestrel=' + encodeURIComponent(server.url));
    const all = await api({ per_page: 8 });
    await waitForHits(all.hits.map((h) => h.id));
    assert.match(await statsText(), new RegExp(`^${all.total} results`));
  });

  await step('typing a query ranks as /api/search does, with highlighted titles and snippets', async () => {
    await page.locator('#searchbox .ais-SearchBox-input').fill('ketamine ptsd');
    const expected = await api({ q: 'ketamine ptsd', per_page: 8 });
    await waitForHits(expected.hits.map((h) => h.id));
    assert.match(await statsText(), new RegExp(`^${expected.total} results`));
    assert.ok(await page.locator('.hit-title .ais-Highlight-highlighted').count() > 0);
    assert.ok(await page.locator('.hit-text .ais-Snippet-highlighted').count() > 0);
    assert.equal(await page.locator('.hit-title mark:not(.ais-Highlight-highlighted)').count(), 0);
  });

  await step('ticking two conditions ORs them and keeps every count disjunctive', async () => {
    await page.locator('#searchbox .ais-SearchBox-input').fill('ketamine');
    await waitForHits((await api({ q: 'ketamine', per_page: 8 })).hits.map((h) => h.id));
    for (const value of ['PTSD', 'OCD']) {
      await page.locator('#condition .ais-RefinementList-item', { hasText: value }).first()
        .locator('input').check();
    }
    const ptsd = await api({ q: 'ketamine', condition: 'PTSD', per_page: 8 });
    const both = await api([['q', 'ketamine'], ['condition', 'PTSD'], ['condition', 'OCD'], ['per_page', 8]]);
    await waitForHits(both.hits.map((h) => h.id));
    assert.match(await statsText(), new RegExp(`^${both.total} results`));
    assert.ok(both.total > ptsd.total, 'OCD adds to PTSD');
    const shown = await conditionCounts();
    const engine = Object.fromEntries(both.facets.condition.map((v) => [v.value, v.count]));
    assert.ok(Object.keys(shown).length >= 5);
    for (const [value, count] of Object.entries(shown)) assert.equal(count, engine[value], value);
    // The route list is counted within the ticked conditions.
    const routes = await page.locator('#route .ais-RefinementList-item').evaluateAll((items) =>
      Object.fromEntries(items.map((i) => [i.querySelector('.ais-RefinementList-labelText').textContent,
        Number(i.querySelector('.ais-RefinementList-count').textContent)])));
    assert.deepEqual(routes, Object.fromEntries(both.facets.route.filter((v) => v.count > 0).map((v) => [v.value, v.count])));
  });

  await step('a facet search in the condition list finds values by a word they start', async () => {
    await page.locator('#condition .ais-SearchBox-input').fill('anx');
    await page.waitForFunction(() => {
      const labels = [...document.querySelectorAll('#condition .ais-RefinementList-labelText')].map((l) => l.textContent);
      return labels.length > 0 && labels.every((l) => /(^|\s)anx/i.test(l.replace(/<[^>]*>/g, '')));
    });
    await page.locator('#condition .ais-SearchBox-reset').click();
  });

  await step('paging shows the next hits and the page count', async () => {
    await page.locator('#condition .ais-RefinementList-item input:checked').evaluateAll((boxes) => boxes.forEach((b) => b.click()));
    const first = await api({ q: 'ketamine', per_page: 8 });
    await waitForHits(first.hits.map((h) => h.id));
    const second = await api({ q: 'ketamine', per_page: 8, page: 2 });
    await page.locator('.ais-Pagination-item--nextPage a').click();
    await waitForHits(second.hits.map((h) => h.id));
    const pages = await page.locator('.ais-Pagination-item--page').count();
    assert.equal(pages, Math.ceil(first.total / 8));
  });

  await step('sorting by date: newest first, then oldest first', async () => {
    await page.locator('#sort select').selectOption('articles:published:desc');
    const newest = await api({ q: 'ketamine', per_page: 8, sort: 'date' });
    await waitForHits(newest.hits.map((h) => h.id));
    assert.equal(newest.hits[0].id, 'dated-c');
    await page.locator('#sort select').selectOption('articles:published:asc');
    const oldest = await api({ q: 'ketamine', per_page: 8, sort: 'oldest' });
    await waitForHits(oldest.hits.map((h) => h.id));
    await page.screenshot({ path: join(screenshotDir, 'instantsearch-example.png'), fullPage: true });
  });

  await step('the date range reads the years from facetStats and filters by them', async () => {
    await page.locator('#sort select').selectOption('articles');
    await page.locator('#searchbox .ais-SearchBox-input').fill('');
    await page.locator('#published .ais-RangeInput-input--min').fill('2020');
    await page.locator('#published .ais-RangeInput-submit').click();
    const dated = await api({ per_page: 8, filter: 'published >= 2020' });
    assert.equal(dated.total, 2);
    await waitForHits(dated.hits.map((h) => h.id));
  });

  assert.deepEqual(problems, []);
  console.log(`ok: ${steps.length} steps`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  if (browser) await browser.close();
  if (server) server.child.kill();
  if (site) site.close();
  rmSync(work, { recursive: true, force: true });
}
