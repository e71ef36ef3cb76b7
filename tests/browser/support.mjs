// What the browser tests share: a kestrel-server on a free port, and Debian's headless Chromium.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

// Starts BIN_DIR/kestrel-server on `index`, allowing `corsOrigin`; resolves to { child, url }.
export function startServer(binDir, index, corsOrigin) {
  return new Promise((resolve, reject) => {
    const child = spawn(join(binDir, 'kestrel-server'), ['--index', index, '--port', '0', '--no-access-log', '--cors-origin', corsOrigin]);
    let output = '';
    const timer = setTimeout(() => reject(new Error('server did not start: ' + output)), 10000);
    child.stderr.on('data', (chunk) => {
      output += chunk;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (m) { clearTimeout(timer); resolve({ child, url: m[1] }); }
    });
    child.on('exit', (code) => reject(new Error('server exited with ' + code + ': ' + output)));
  });
}

// Another site (another origin) embedding the search box with the documented snippet, loading
// embed.js from the server `serverUrl()` names once it is up. Resolves to { origin, close }.
export async function startEmbeddingSite(serverUrl) {
  const site = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><head><title>Clinic</title></head><body><main><h1>Our clinic</h1>' +
      '<div data-kestrel-search></div></main><script src="' + serverUrl() + '/embed.js" async></script></body></html>');
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  return { origin: 'http://127.0.0.1:' + site.address().port, close: () => site.close() };
}

// axe-core's WCAG 2.1 A and AA rules on `page` as it is now (its context must bypass CSP: axe is
// injected); returns "state: rule (impact): help at nodes" for each violation.
export async function axeViolations(page, state) {
  await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return found.map((v) => `${state}: ${v}`);
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A test's steps, each printed as it passes: `await step(name, async () => { ... })`.
export function stepper() {
  const done = [];
  const step = async (name, body) => {
    process.stdout.write(`- ${name} ... `);
    await body();
    done.push(name);
    process.stdout.write('ok\n');
  };
  return { step, done };
}
