// The requester portal in a real browser (docs/portal.md): a member of the
// public makes a request, signs in with a code read from the mail drop
// folder, sees its progress, answers the officer's question, uploads proof
// of identity, sees a paper request the officer linked to them, and
// downloads the release once; the second use of the link is refused.
// The officer's side is driven through the JSON API. Screenshots go to
// SARDESK_WEB_OUTPUT/portal.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const output = path.join(process.env.SARDESK_WEB_OUTPUT || path.resolve('web-test-output'), 'portal');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const email = 'morgan.riley@example.org';

let server;
let browser;
let page;      // the requester
let officer;   // ava.officer's API context
let manager;   // ben.officer, for QA
let reference;
let shot = 0;

// `sardesk serve --demo` on a fresh data folder, whose outbox we read.
async function startServer() {
  const bin = process.env.SARDESK_BIN;
  if (!bin) throw new Error('set SARDESK_BIN to the sardesk executable (ctest does)');
  const data = await mkdtemp(path.join(os.tmpdir(), 'sardesk-portal-e2e-'));
  const args = ['--data', data, 'serve', '--host', '127.0.0.1', '--port', '0', '--demo'];
  if (process.env.SARDESK_WEB) args.push('--web', process.env.SARDESK_WEB);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (c) => { log += c; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`sardesk did not start in 60 s:\n${log}`)), 60000);
    child.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/[0-9.]+:\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`sardesk exited with ${code}:\n${log}`)); });
  });
  return {
    url,
    data,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.on('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(data, { recursive: true, force: true });
    },
  };
}

// The code in the newest message of the mail drop folder; messages read are removed.
async function takeCode() {
  const dir = path.join(server.data, 'outbox');
  for (let i = 0; i < 50; i++) {
    const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.eml')).sort();
    let code = '';
    for (const f of files) {
      const text = await readFile(path.join(dir, f), 'utf8');
      const m = /code is (\d{6})/.exec(text);
      if (m) { code = m[1]; await unlink(path.join(dir, f)); }
    }
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('no code arrived in the mail drop folder');
}

async function screenshot(name) {
  shot += 1;
  await page.screenshot({ path: path.join(output, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}

async function assertAccessible(name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  const problems = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')})`);
  assert.deepEqual(problems, [], `${name} has accessibility problems`);
}

async function staffContext(username) {
  const ctx = await browser.newContext();
  const res = await ctx.request.post(`${server.url}/api/session`, { data: { username, password: 'sardesk-demo' } });
  assert.equal(res.status(), 200, await res.text());
  ctx.csrf = (await res.json()).csrf_token;
  return ctx;
}

async function staff(ctx, method, url, options = {}) {
  const res = await ctx.request.fetch(`${server.url}${url}`, { method, headers: { 'X-CSRF-Token': ctx.csrf }, ...options });
  const body = await res.json().catch(() => null);
  assert.ok(res.ok(), `${method} ${url}: ${res.status()} ${JSON.stringify(body)}`);
  return body;
}

async function signIn(next) {
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await page.getByLabel('Code').fill(await takeCode());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(new RegExp(next));
}

describe('the requester portal', { concurrency: false }, () => {
  before(async () => {
    await mkdir(output, { recursive: true });
    server = await startServer();
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    officer = await staffContext('ava.officer');
    manager = await staffContext('ben.officer');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('makes a request after signing in with a code from the mail drop', async () => {
    await page.goto(`${server.url}/portal`);
    await page.getByRole('heading', { name: 'Ask for the records we hold about you', level: 1 }).waitFor();
    await assertAccessible('the start page');
    await screenshot('start');
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.getByRole('heading', { name: 'Sign in with your email address' }).waitFor();
    // An address that is not one gets an error summary linked to the field.
    await page.getByLabel('Email address').fill('not an address');
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await page.locator('.govuk-error-summary').getByText('Enter an email address in the correct format').waitFor();
    await assertAccessible('the sign-in page with an error');
    await signIn('/portal/new');
    await page.getByRole('heading', { name: 'Make a request', level: 1 }).waitFor();
    // Nothing filled in: the summary lists what is missing.
    await page.getByRole('button', { name: 'Send your request' }).click();
    await page.locator('.govuk-error-summary').getByText('Enter what information you want').waitFor();
    await assertAccessible('the request form with errors');
    await page.getByLabel('Full name of the person the records are about').fill('Morgan Riley');
    await page.getByLabel('Their date of birth').fill('1990-05-17');
    await page.getByLabel('What information do you want?').fill('My social care records from 2015 to now.');
    await screenshot('new-request');
    await page.getByRole('button', { name: 'Send your request' }).click();
    await page.locator('#made-panel').waitFor();
    reference = /SAR-\d{4}-\d{6}/.exec(await page.locator('#made-panel').innerText())[0];
    const made = await staff(officer, 'GET', `/api/cases/${reference}`);
    assert.equal(made.subject.name, 'Morgan Riley');
    assert.equal(made.channel, 'web_form');
    assert.equal(made.requester.email, email);
  });

  it('shows the progress and the due date in plain words', async () => {
    await page.goto(`${server.url}/portal/requests`);
    await page.locator('#request-table').waitFor();
    const table = await page.locator('#request-table').innerText();
    assert.match(table, new RegExp(reference));
    assert.match(table, /We have received your request/);
    await assertAccessible('your requests');
    await page.getByRole('link', { name: reference }).click();
    await page.locator('#progress').waitFor();
    const progress = await page.locator('#progress').innerText();
    assert.match(progress, /Due by\s+The time limit of one month starts when we have confirmed who you are/);
    await assertAccessible('the request page');
    await screenshot('request');
  });

  it('uploads proof of identity, which the officer sees', async () => {
    await page.getByLabel('Choose a file').setInputFiles({ name: 'passport.png', mimeType: 'image/png', buffer: Buffer.from('not really a passport') });
    await page.getByRole('button', { name: 'Upload the file' }).click();
    await page.locator('#uploads').getByText('passport.png').waitFor();
    const summary = await staff(officer, 'GET', `/api/cases/${reference}/portal`);
    assert.equal(summary.uploads[0].file_name, 'passport.png');
  });

  it('answers the officer\'s question', async () => {
    await staff(officer, 'POST', `/api/cases/${reference}/clarify`, { data: { question: 'Which family centre did you attend?' } });
    await page.goto(`${server.url}/portal/requests/${reference}`);
    await page.getByText('Which family centre did you attend?').waitFor();
    await page.getByLabel('Your answer').fill('The one on Acacia Avenue.');
    await screenshot('question');
    await page.getByRole('button', { name: 'Send your answer' }).click();
    await page.getByText('You answered on').waitFor();
    const answered = await staff(officer, 'GET', `/api/cases/${reference}`);
    assert.equal(answered.clarifications[0].answer_summary, 'The one on Acacia Avenue.');
  });

  it('sees a paper request once the officer links it', async () => {
    const paper = await staff(officer, 'POST', '/api/cases', { data: {
      received: new Date().toISOString().slice(0, 10), channel: 'letter',
      subject: { name: 'Morgan Riley', dob: '1990-05-17' },
      requester: { relationship: 'self' },
      scope: { information_requested: 'My school records' },
    } });
    await page.goto(`${server.url}/portal/requests`);
    assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(paper.reference));
    await staff(officer, 'POST', `/api/cases/${paper.reference}/portal-link`, { data: { email } });
    await page.goto(`${server.url}/portal/requests`);
    await page.getByRole('link', { name: paper.reference }).waitFor();
    // Not someone else's: a request nobody linked is refused.
    const others = await page.request.get(`${server.url}/api/portal/requests/SAR-2025-000001`);
    assert.equal(others.status(), 403);
  });

  it('downloads the release once; the second use is refused', async () => {
    // The officer takes the request through to release (API).
    await staff(officer, 'PATCH', `/api/cases/${reference}`, { data: { identity_required: false, identity_waiver_reason: 'Passport seen in the portal upload and checked by telephone.' } });
    await page.goto(`${server.url}/portal/requests/${reference}`);
    assert.match(await page.locator('#progress').innerText(), /Due by\s+\d{1,2} [A-Z][a-z]+ \d{4}/, 'the due date shows once identity is confirmed');
    await staff(officer, 'POST', `/api/cases/${reference}/assign`, { data: { officer: 'ava.officer' } });
    for (const to of ['validated', 'searching', 'collating', 'redacting'])
      await staff(officer, 'POST', `/api/cases/${reference}/transition`, { data: { to } });
    const note = 'Case note, children\'s social care.\nMorgan Riley visited the family centre with Casey Jordan.\nMorgan Riley asked for help with housing.\n';
    const uploaded = await staff(officer, 'POST', `/api/cases/${reference}/documents`, {
      multipart: { file: { name: 'family-centre-note.txt', mimeType: 'text/plain', buffer: Buffer.from(note) } },
    });
    const documentId = uploaded.uploads[0].document_id;
    for (let i = 0; i < 600; i++) {
      const docs = await staff(officer, 'GET', `/api/cases/${reference}/documents`);
      const doc = (docs.documents || docs).find((d) => d.id === documentId);
      if (doc && /ready|done|read/.test(doc.status)) break;
      if (doc && /fail|error/.test(doc.status)) throw new Error(`the document failed: ${JSON.stringify(doc)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await staff(officer, 'POST', `/api/cases/${reference}/redactions/propose`, { data: {} });
    for (const r of (await staff(officer, 'GET', `/api/cases/${reference}/redactions`)).redactions)
      if (r.status === 'proposed') await staff(officer, 'POST', `/api/cases/${reference}/redactions/${r.id}/decide`, { data: { decision: 'accept' } });
    await staff(officer, 'POST', `/api/cases/${reference}/redactions/apply`, { data: {} });
    await staff(officer, 'POST', `/api/cases/${reference}/transition`, { data: { to: 'qa' } });
    await staff(manager, 'POST', `/api/cases/${reference}/qa/sample`, { data: {} });
    await staff(manager, 'POST', `/api/cases/${reference}/qa/pass`, { data: {} });
    await staff(officer, 'POST', `/api/cases/${reference}/bundle`, { data: {} });
    const released = await staff(officer, 'POST', `/api/cases/${reference}/releases`, { data: { delivery: { route: 'secure_download' } } });
    assert.ok(released.password, 'the officer is given the password');

    // The requester asks for a code, gets a link and downloads once.
    await page.goto(`${server.url}/portal/requests/${reference}`);
    await page.getByRole('button', { name: 'Send me a download code' }).click();
    await page.getByLabel('Download code').fill(await takeCode());
    await page.getByRole('button', { name: 'Get the download link' }).click();
    await page.locator('#download-link').waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), new RegExp(released.password.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'the portal never shows the password');
    await assertAccessible('the download');
    await screenshot('download');
    const href = await page.locator('#download-link').getAttribute('href');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-link').click()]);
    const file = path.join(output, 'portal-release.pdf');
    await download.saveAs(file);
    const head = (await readFile(file)).subarray(0, 4).toString();
    assert.equal(head, '%PDF');
    await assert.rejects(run('qpdf', ['--password=not-it', '--decrypt', file, path.join(output, 'x.pdf')]), 'the file is encrypted');
    await run('qpdf', [`--password=${released.password}`, '--decrypt', file, path.join(output, 'portal-release-decrypted.pdf')]);

    const again = await page.request.get(`${server.url}${href}`);
    assert.equal(again.status(), 404, 'a used link is refused');
    // The download is recorded as a delivery, once (its audit entry is checked in portal_service_test).
    const releases = await staff(officer, 'GET', `/api/cases/${reference}/releases`);
    const deliveries = releases.releases.find((r) => r.id === released.id).deliveries;
    assert.equal(deliveries.filter((d) => /requester:/.test(JSON.stringify(d))).length, 1, JSON.stringify(deliveries));
  });
});
