// Starts the real paraplan server on a demo district and a headless Chromium
// for the browser tests. Nothing is faked: the pages talk to the same binary
// `make demo` runs.
//
// PARAPLAN_BIN names the paraplan executable (CTest passes the one it built);
// without it the debug build in the source tree is used.
import { execFile, spawn } from 'node:child_process';
import { copyFile, mkdtemp, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
export const webRoot = path.resolve(here, '..');
export const repositoryRoot = path.resolve(webRoot, '..');
export const screenshotDir = path.join(repositoryRoot, 'docs', 'screenshots');

export const ROLES = ['administrator', 'special_educator', 'related_service_provider', 'general_educator', 'paraeducator', 'parent'];

function binaryPath() {
  const candidates = [
    process.env.PARAPLAN_BIN,
    path.join(repositoryRoot, 'build/debug/src/app/paraplan'),
    path.join(repositoryRoot, 'build/release/src/app/paraplan'),
  ].filter(Boolean);
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`no paraplan binary: set PARAPLAN_BIN (looked at ${candidates.join(', ')})`);
  return found;
}

// The reason to skip the browser tests, or null when the binary can serve.
// Only a binary without the `serve` command is a reason; a missing binary or
// a missing UI build is a failure, because `make test` builds both.
export async function skipReason() {
  const binary = binaryPath();
  // `paraplan --help` lists the subcommands; CLI11 answers `serve --help`
  // with the top-level help even when there is no such command.
  const { stdout } = await run(binary, ['--help']);
  const subcommands = stdout.slice(stdout.search(/subcommands:/i));
  if (!/^\s*serve\b/m.test(subcommands)) {
    return `the paraplan binary has no "serve" command yet (${binary}); the browser tests need it`;
  }
  if (!existsSync(path.join(webRoot, 'dist', 'index.html'))) {
    throw new Error('web/dist/index.html is missing: run `npm run build` in web/ first');
  }
  return null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Reads the sign-in table `paraplan demo` prints: one line per role with the
// role's name, an email address and a password.
export function parseSignIns(output) {
  const accounts = {};
  for (const line of output.split('\n')) {
    const email = line.match(/[\w.+-]+@[\w.-]+\.\w+/)?.[0];
    if (!email) continue;
    const normalized = line.toLowerCase().replace(/[\s-]+/g, '_');
    const role = [...ROLES].sort((a, b) => b.length - a.length).find((name) => normalized.includes(name));
    if (!role || accounts[role]) continue;
    const rest = line.slice(line.indexOf(email) + email.length);
    const password = rest.split(/[\s|]+/).find((token) => token.length >= 12);
    if (password) accounts[role] = { email, password };
  }
  return accounts;
}

async function waitForServer(baseUrl, child, log) {
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`paraplan serve exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${baseUrl}/api/v1/session`);
      if (response.status < 500) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`paraplan serve did not answer within 20 s:\n${log()}`);
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

// Makes a fresh demo district in `database` and returns what `paraplan demo`
// printed. The demo solves the district's week, seconds in the sanitized
// build, and every test file needs a district of its own: the first file
// run with a binary on a day makes it, with that binary's `paraplan demo`,
// and the others copy its database. The key is the binary (path, size,
// time) and the day, since the demo's week is the current one.
async function demoDistrict(binary, database) {
  const { mtimeMs, size } = await stat(binary);
  const day = new Date().toISOString().slice(0, 10);
  const key = createHash('sha256').update(`${binary}\0${size}\0${mtimeMs}\0${day}`).digest('hex').slice(0, 16);
  const prefix = 'paraplan-web-demo-';
  const made = path.join(tmpdir(), `${prefix}${key}`);
  if (!existsSync(path.join(made, 'sign-ins.txt'))) {
    const making = await mkdtemp(path.join(tmpdir(), `${prefix}making-`));
    const demo = await run(binary, ['demo', '--db', path.join(making, 'demo.db')], { maxBuffer: 16 * 1024 * 1024 });
    await writeFile(path.join(making, 'sign-ins.txt'), demo.stdout);
    // Another file may have made it meanwhile: either copy is the same district.
    await rename(making, made).catch(() => rm(making, { recursive: true, force: true }));
    // Districts of older binaries and days are not needed again.
    for (const name of await readdir(tmpdir())) {
      const other = path.join(tmpdir(), name);
      if (!name.startsWith(prefix) || other === made) continue;
      const { mtimeMs: at } = await stat(other).catch(() => ({ mtimeMs: Date.now() }));
      if (Date.now() - at > 3600 * 1000) await rm(other, { recursive: true, force: true });
    }
  }
  for (const suffix of ['', '-wal']) {
    const file = path.join(made, `demo.db${suffix}`);
    if (existsSync(file)) await copyFile(file, `${database}${suffix}`);
  }
  return readFile(path.join(made, 'sign-ins.txt'), 'utf8');
}

// Starts the server on a fresh demo district and a browser. Returns helpers
// and a stop() that ends both and removes the temporary directory.
export async function startStack() {
  const binary = binaryPath();
  const directory = await mkdtemp(path.join(tmpdir(), 'paraplan-web-'));
  const database = path.join(directory, 'demo.db');
  const signIns = await demoDistrict(binary, database);
  const accounts = parseSignIns(signIns);
  const missing = ROLES.filter((role) => !accounts[role]);
  if (missing.length > 0) {
    throw new Error(`paraplan demo printed no sign-in for: ${missing.join(', ')}\n${signIns}`);
  }

  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const server = spawn(
    binary,
    ['serve', '--db', database, '--listen', `127.0.0.1:${port}`, '--web', path.join(webRoot, 'dist'), '--insecure-cookies'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stdout.on('data', (chunk) => (output += chunk));
  server.stderr.on('data', (chunk) => (output += chunk));
  const log = () => output.split('\n').slice(-40).join('\n');
  await waitForServer(baseUrl, server, log);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });

  await mkdir(screenshotDir, { recursive: true });

  return {
    baseUrl,
    accounts,
    browser,
    database,
    binary,
    serverLog: log,
    async stop() {
      await browser.close().catch(() => {});
      if (server.exitCode === null) {
        server.kill('SIGTERM');
        await new Promise((resolve) => server.once('exit', resolve));
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1440, height: 900 };

// A fresh browser context (its own cookies, storage and service worker) for one person.
export async function newPage(stack, viewport = PHONE) {
  const context = await stack.browser.newContext({ baseURL: stack.baseUrl, viewport, serviceWorkers: 'allow' });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  return {
    context,
    page,
    // Ends the person's browser; fails if a script on the page threw.
    async close() {
      await context.close();
      if (problems.length > 0) throw new Error(`uncaught errors on the page:\n${problems.join('\n')}`);
    },
  };
}

export async function signIn(page, stack, role) {
  const account = stack.accounts[role];
  await page.goto('/');
  await page.getByLabel('Email address').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// axe-core's own script, the version @axe-core/playwright depends on (pinned
// in package-lock.json).
let axeSource = null;
async function axeScript() {
  if (axeSource === null) {
    const fromBuilder = createRequire(createRequire(import.meta.url).resolve('@axe-core/playwright'));
    axeSource = await readFile(fromBuilder.resolve('axe-core/axe.min.js'), 'utf8');
  }
  return axeSource;
}

// Runs axe with the WCAG 2.0/2.1 A and AA rules and fails with a readable list.
//
// The pages have no frames, so axe runs in the page itself: its script is put
// in once per document and asked for violations only. AxeBuilder's analyze()
// would put the script in again each time and finish every run in a new blank
// page, about 0.8 s a call against 0.2 s (measured on the board), and the
// tests call it about 140 times. A page with frames still goes to AxeBuilder,
// which checks inside them.
export async function expectAccessible(page, what) {
  let violations;
  if (await page.evaluate(() => document.querySelector('iframe, frame') !== null)) {
    ({ violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze());
  } else {
    if (!(await page.evaluate(() => typeof window.axe?.run === 'function'))) await page.evaluate(await axeScript());
    violations = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }).then((result) => result.violations),
      WCAG_TAGS,
    );
  }
  if (violations.length === 0) return;
  const lines = violations.flatMap((violation) => [
    `${violation.id} (${violation.impact}): ${violation.help}`,
    ...violation.nodes.slice(0, 5).map((node) => `    at ${node.target.join(' ')}: ${node.failureSummary?.split('\n').join(' ')}`),
  ]);
  throw new Error(`axe found ${violations.length} violation(s) on ${what}:\n${lines.join('\n')}`);
}

// The PNG codec playwright-core bundles (its version is pinned in
// package-lock.json), or null if a later version stops bundling it: then
// every screenshot is written.
const PNG = (() => {
  try {
    return createRequire(import.meta.url)('playwright-core/lib/utilsBundle').PNG ?? null;
  } catch {
    return null;
  }
})();

// Chromium's software rasterizer draws some anti-aliased pixels of rounded
// corners and text differently from run to run, each by a few shades (34
// pixels of the sections page on a phone were seen to change, none by more
// than 16 of 255 in any channel). A pixel counts as changed only when a
// channel moves by more than SHADES, and a screenshot with fewer changed
// pixels than UNCHANGED_PIXELS is not written, so `make test` leaves
// docs/screenshots as they are unless a page changed (a changed letter
// moves dozens of pixels by far more than that).
const SHADES = 24;
const UNCHANGED_PIXELS = 8;

function differingPixels(a, b) {
  if (a.width !== b.width || a.height !== b.height) return Infinity;
  let count = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    for (let channel = 0; channel < 4; channel += 1) {
      if (Math.abs(a.data[i + channel] - b.data[i + channel]) > SHADES) {
        count += 1;
        break;
      }
    }
  }
  return count;
}

async function writeScreenshot(file, image) {
  if (PNG && existsSync(file)) {
    const before = PNG.sync.read(await readFile(file));
    if (differingPixels(before, PNG.sync.read(image)) < UNCHANGED_PIXELS) return;
  }
  await writeFile(file, image);
}

// Screenshots of a page at phone and desktop sizes, for the README. The
// pointer is moved to the bottom-right corner first: left where a test
// clicked, it may or may not hover a control after the resize, depending on
// when the browser notices.
export async function screenshots(page, name, { scrollTo } = {}) {
  const original = page.viewportSize();
  for (const [size, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    await page.setViewportSize(viewport);
    // The phone shot shows one screen: the part the test is about.
    if (scrollTo && size === 'phone') await scrollTo.evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await page.mouse.move(viewport.width - 1, viewport.height - 1);
    await page.waitForTimeout(100);
    const image = await page.screenshot({ fullPage: size === 'desktop' });
    await writeScreenshot(path.join(screenshotDir, `${name}-${size}.png`), image);
  }
  if (original) await page.setViewportSize(original);
}

// Checks that the page reflows at 320 CSS px: no horizontal scrolling of the
// whole page (WCAG 1.4.10); wide tables scroll inside their own region.
export async function expectReflow(page, what) {
  const original = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  await page.waitForTimeout(50);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (original) await page.setViewportSize(original);
  if (overflow > 1) throw new Error(`${what} scrolls sideways by ${overflow} px at 320 CSS px`);
}

// How many live regions (status, alert, log, aria-live) hold `text`: a
// message said once is in exactly one.
export async function liveRegionsSaying(page, text) {
  return page.evaluate((wanted) => {
    const regions = new Set();
    for (const element of document.querySelectorAll('body *')) {
      if (!element.textContent.includes(wanted)) continue;
      const region = element.closest('[role="status"], [role="alert"], [role="log"], [aria-live]:not([aria-live="off"])');
      if (region) regions.add(region);
    }
    return regions.size;
  }, text);
}

// The text of what a control's aria-describedby names, each part trimmed.
export async function describedAs(locator) {
  return locator.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
      .join(' '),
  );
}
