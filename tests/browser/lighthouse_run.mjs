// Lighthouse 12 (its mobile profile: a mid-range phone, throttled) on the search page served by
// kestrel-server, in Debian's Chromium. Writes the HTML and JSON reports to OUT_DIR and prints
// the four category scores as JSON. With --check, fails when accessibility, best practices or
// SEO score under 95 (they do not depend on the machine's speed; performance does, so it is a
// benchmark figure, recorded in benchmarks/RESULTS.md, never a test).
//   node lighthouse_run.mjs BIN_DIR CORPUS_DIR OUT_DIR [--check]
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { startServer } from './support.mjs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [binDir, corpusDir, outDir, flag] = process.argv.slice(2);
const kMinimum = 95;
const work = mkdtempSync(join(tmpdir(), 'kestrel-lighthouse-'));
let server, chrome;

try {
  execFileSync(join(binDir, 'kestrel-index'), ['--corpus', corpusDir, '--index', join(work, 'index')], { stdio: 'pipe' });
  server = await startServer(binDir, join(work, 'index'), 'http://127.0.0.1');
  chrome = await chromeLauncher.launch({
    chromePath: '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const url = server.url + '/?q=ptsd';
  const run = await lighthouse(url, { port: chrome.port, output: ['html', 'json'], logLevel: 'error' });
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'lighthouse.html'), run.report[0]);
  writeFileSync(join(outDir, 'lighthouse.json'), run.report[1]);
  const lhr = run.lhr;
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  const scores = {};
  for (const [id, category] of Object.entries(lhr.categories)) scores[id] = Math.round(category.score * 100);
  const cls = lhr.audits['cumulative-layout-shift'];
  console.log(JSON.stringify({ url: '/?q=ptsd', lighthouse: lhr.lighthouseVersion, scores,
    cumulative_layout_shift: cls?.numericValue, largest_contentful_paint_ms: lhr.audits['largest-contentful-paint']?.numericValue }));
  if (flag === '--check') {
    const failing = [];
    for (const id of ['accessibility', 'best-practices', 'seo']) {
      if (!(scores[id] >= kMinimum)) {
        const lost = Object.values(lhr.audits)
          .filter((a) => a.score !== null && a.score < 1 && lhr.categories[id].auditRefs.some((r) => r.id === a.id && r.weight > 0))
          .map((a) => `${a.id}: ${a.title}`);
        failing.push(`${id} ${scores[id]} < ${kMinimum} (${lost.join('; ')})`);
      }
    }
    if (failing.length) throw new Error(failing.join('\n'));
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  if (chrome) await chrome.kill();
  if (server) server.child.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
