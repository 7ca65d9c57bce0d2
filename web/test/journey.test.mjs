// The whole journey of one request in a real browser (docs/web.md): log the
// request with its ID, send a search to a service area, the area's contact
// uploads their files, the officer reviews the proposed redactions, a second
// officer checks a sample (QA), the bundle is built and released, and the
// released file, decrypted with the password shown once, holds the right
// text. Then the register, the reports and the settings. Screenshots of each
// screen go to SARDESK_WEB_OUTPUT/journey.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';
import { screenChecks } from './screen_checks.mjs';

const run = promisify(execFile);
const output = path.join(process.env.SARDESK_WEB_OUTPUT || path.resolve('web-test-output'), 'journey');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const password = 'sardesk-demo';

let server;
let browser;
let context;
let page;
let reference;
const cspViolations = [];

const { screenshot, assertAccessible, assertNoSideways } = screenChecks(() => page, output);

// A call as whoever is signed in on `p`, with their CSRF token.
async function apiCall(method, url, options = {}, p = page) {
  const session = await (await p.request.get(`${server.url}/api/session`)).json();
  const res = await p.request.fetch(`${server.url}${url}`, { method, headers: { 'X-CSRF-Token': session.csrf_token }, ...options });
  const body = await res.json().catch(() => null);
  assert.ok(res.ok(), `${method} ${url}: ${res.status()} ${JSON.stringify(body)}`);
  return body;
}

async function signIn(username) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
}

async function signOut() {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to sardesk' }).waitFor();
}

async function status() {
  return (await apiCall('GET', `/api/cases/${reference}`)).status;
}

// Moves the request on with the button on its page.
async function move(to) {
  await page.goto(`${server.url}/cases/${reference}`);
  await page.getByRole('heading', { name: new RegExp(`^${reference}`) }).waitFor();
  const button = page.locator(`#move-form button[data-move="${to}"]`);
  assert.equal(await button.count(), 1, `the case page offers the move to ${to}: ${await page.locator('main').innerText()}`);
  await button.click();
  await page.waitForURL(/moved=/);
  assert.equal(await status(), to);
}

describe('the journey of one request', { concurrency: false }, () => {
  before(async () => {
    await rm(output, { recursive: true, force: true });  // only this run's screenshots
    await mkdir(output, { recursive: true });
    server = await startServer();
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (msg) => {
      if (/Content[- ]Security[- ]Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('logs a request with the identity documents seen', async () => {
    await signIn('ava.officer');
    await screenshot('dashboard');
    await page.getByRole('link', { name: 'New request' }).click();
    await page.getByLabel('Subject access request (UK GDPR Article 15)').check();
    await page.getByLabel("Data subject's full name").fill('Morgan Riley');
    await page.getByLabel('Date of birth (optional)').fill('1990-05-17');
    await page.getByLabel('Information requested').fill('My social care records from 2015 to now.');
    await page.getByLabel('Photo identification').selectOption('passport');
    const address = page.getByLabel('Proof of address', { exact: true });
    const options = await address.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    await address.selectOption(options.find((v) => /utility|bank|council/.test(v)) || options[0]);
    const d = new Date(Date.now() - 10 * 86400000).toISOString().slice(0, 10);
    await page.getByLabel('Date on the proof of address').fill(d);
    await screenshot('new-request');
    await page.getByRole('button', { name: 'Record the request' }).click();
    await page.locator('#created-banner').waitFor();
    reference = /^(SAR-\d{4}-\d{6})/.exec(await page.getByRole('heading', { level: 1 }).innerText())[1];
    const created = await apiCall('GET', `/api/cases/${reference}`);
    assert.equal(created.subject.name, 'Morgan Riley');
    assert.equal(created.evidence.length, 2);
    await screenshot('case-recorded');
    await move('validated');
  });

  it('sends a search to a service area, whose contact uploads their files', async () => {
    await apiCall('POST', `/api/cases/${reference}/search`, { data: { areas: ['childrens'] } });
    if ((await status()) === 'validated') await move('searching');
    await page.goto(`${server.url}/cases/${reference}`);
    await page.locator('#search-tasks').waitFor();
    assert.match(await page.locator('main').innerText(), /Children's social care/);

    // The contact of the service area signs in (their own session) and uploads.
    const contact = await browser.newContext();
    const contactPage = await contact.newPage();
    const signedIn = await contactPage.request.post(`${server.url}/api/session`, { data: { username: 'priya.contact', password } });
    assert.equal(signedIn.status(), 200, await signedIn.text());
    const tasks = await apiCall('GET', '/api/my/search-tasks', {}, contactPage);
    const task = (tasks.search_tasks || tasks.tasks || []).find((t) => (t.reference || t.case_ref) === reference);
    assert.ok(task, `the contact sees the search: ${JSON.stringify(tasks)}`);
    const note = 'Case note, children\'s social care.\nMorgan Riley visited the family centre with Casey Jordan.\n' +
      'Casey Jordan lives at 12 Acacia Avenue and can be reached on 07700 900123.\nMorgan Riley asked for help with housing.\n' +
      'The meeting was held in room Q7X.\n';
    const uploaded = await apiCall('POST', `/api/cases/${reference}/documents`, {
      multipart: { file: { name: 'family-centre-note.txt', mimeType: 'text/plain', buffer: Buffer.from(note) }, service_area: 'childrens' },
    }, contactPage);
    await contact.close();
    const documentId = uploaded.uploads[0].document_id;
    assert.ok(documentId > 0);

    // The case page shows its progress until it is read.
    await page.goto(`${server.url}/cases/${reference}`);
    await page.locator(`.app-doc-progress[data-document="${documentId}"]`).getByText(/Ready/).waitFor({ timeout: 60000 });
    await screenshot('case-document-read');
  });

  it('reviews the proposed redactions with the keyboard', async () => {
    for (const to of ['collating', 'redacting']) if ((await status()) !== to) await move(to);
    // Detection runs from the case page, without blocking it.
    await page.goto(`${server.url}/cases/${reference}`);
    await page.locator('#detect-button').click();
    await page.locator('#redaction-counts').getByText(/[1-9]\d* proposed/).waitFor({ timeout: 60000 });
    await screenshot('case-detection-done');
    const proposed = (await apiCall('GET', `/api/cases/${reference}/redactions`)).redactions;
    assert.ok(proposed.some((r) => /Casey Jordan/.test(r.text)), 'the third party is proposed');
    const progress = await apiCall('GET', `/api/cases/${reference}/redactions/progress`);
    assert.equal(progress.stage, 'done');
    assert.ok(progress.pages_total > 0 && progress.pages_done === progress.pages_total, JSON.stringify(progress));
    await page.getByRole('link', { name: /Review/ }).first().click();
    await page.locator('#page-overlay .app-box').first().waitFor();
    await screenshot('review');
    // Accept every proposal: j selects the next undecided one, a accepts it.
    for (let i = 0; i < proposed.length; i++) {
      await page.locator('h1').focus();
      await page.keyboard.press('j');
      await page.keyboard.press('a');
      await page.waitForFunction((n) => document.querySelectorAll('#proposal-list .govuk-tag--green').length >= n, i + 1);
    }
    const decided = (await apiCall('GET', `/api/cases/${reference}/redactions`)).redactions;
    assert.equal(decided.filter((r) => r.status === 'proposed').length, 0);

    // Select words: drag over the word "Q7X" of the page's word layer.
    const documentId = decided[0].document_id;
    const pageJson = await apiCall('GET', `/api/documents/${documentId}/pages/1`);
    const word = pageJson.words.find((w) => /Q7X/.test(w[0]));
    assert.ok(word, 'the word layer has Q7X');
    await page.getByRole('button', { name: 'Select words' }).click();
    await page.locator('#page').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const box = await page.locator('#page').boundingBox();
    const at = (x, y) => [box.x + (box.width * x) / pageJson.width, box.y + (box.height * y) / pageJson.height];
    await page.mouse.move(...at(word[1] + 1, word[2] + 1));
    await page.mouse.down();
    await page.mouse.move(...at(word[3] - 1, word[4] - 1), { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(() => /redacted: Q7X/.test(document.getElementById('review-status').textContent) || document.querySelector('.govuk-error-summary'))
      .catch(() => {});
    const said = await page.locator('#review-status').textContent();
    const problem = await page.locator('.govuk-error-summary').allInnerTexts();
    assert.match(said, /^1 word redacted: Q7X/, `the status says what was redacted (${said}; ${problem.join(' ')})`);
    const selected = (await apiCall('GET', `/api/cases/${reference}/redactions`)).redactions.filter((r) => r.source === 'officer');
    assert.equal(selected.length, 1);
    assert.match(selected[0].text, /Q7X/);
    await screenshot('review-words-selected');
    await apiCall('POST', `/api/cases/${reference}/redactions/apply`, { data: {} });
    await move('qa');
    await signOut();
  });

  it('lets a second officer check a sample and pass it', async () => {
    await signIn('ben.officer');
    await page.goto(`${server.url}/cases/${reference}/qa`);
    await page.getByRole('heading', { name: 'Quality check', level: 1 }).waitFor();
    await assertAccessible('the QA start page');
    await page.getByRole('button', { name: 'Start a quality check' }).click();
    await page.locator('#qa-page-list li').first().waitFor();
    await page.locator('#qa-original img').evaluate((img) => img.decode());
    await page.locator('#qa-redacted .app-box--burnt').first().waitFor();
    assert.ok(await page.locator('#qa-redacted .app-box--burnt').count() >= 1, 'the redacted side shows the redactions');
    await assertAccessible('the QA page');
    await assertNoSideways('the QA page');
    await screenshot('qa');

    // A redaction found missing: drag a box on the original over "centre".
    const documentId = (await apiCall('GET', `/api/cases/${reference}/redactions`)).redactions[0].document_id;
    const pageJson = await apiCall('GET', `/api/documents/${documentId}/pages/1`);
    const word = pageJson.words.find((w) => w[0] === 'centre');
    assert.ok(word, 'the word layer has "centre"');
    await page.getByRole('button', { name: 'Draw a box on the original' }).click();
    await page.locator('#qa-original').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const box = await page.locator('#qa-original').boundingBox();
    const at = (x, y) => [box.x + (box.width * x) / pageJson.width, box.y + (box.height * y) / pageJson.height];
    await page.mouse.move(...at(word[1] - 1, word[2] - 1));
    await page.mouse.down();
    await page.mouse.move(...at(word[3] + 1, word[4] + 1), { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(() => /Redaction added/.test(document.getElementById('qa-banner')?.textContent) || document.querySelector('.govuk-error-summary'))
      .catch(() => {});
    assert.equal((await page.locator('.govuk-error-summary').allInnerTexts()).join(' '), '', 'no error');
    await page.locator('#qa-banner').getByText(/Redaction added/).waitFor();
    const added = (await apiCall('GET', `/api/cases/${reference}/redactions`)).redactions.filter((r) => r.source === 'qa');
    assert.equal(added.length, 1);
    assert.match(added[0].text, /centre/);
    await page.locator('#qa-redacted .app-box--burnt').nth(5).waitFor();
    await screenshot('qa-redaction-added');

    await page.getByRole('button', { name: 'Pass the check' }).click();
    await page.locator('#qa-banner').getByText(/Check passed/).waitFor();
    assert.equal(await status(), 'ready_for_release');
    await screenshot('qa-passed');
  });

  it('builds the bundle, releases it and the downloaded file opens with the password shown', async () => {
    await page.goto(`${server.url}/cases/${reference}/release`);
    await page.getByRole('heading', { name: 'Release', level: 1 }).waitFor();
    assert.match(await page.locator('#release-blockers').innerText(), /Nothing stops release/);
    await page.getByRole('button', { name: 'Build the bundle' }).click();
    await page.locator('#built-banner').waitFor({ timeout: 120000 });
    await page.locator('#volume-table').waitFor();
    assert.match(await page.locator('#bundle-current').innerText(), /Up to date/);
    const built = await apiCall('GET', `/api/cases/${reference}/bundle/progress`);
    assert.equal(built.stage, 'done');
    assert.ok(built.pages_total > 0 && built.pages_done === built.pages_total, JSON.stringify(built));
    await page.locator('#letter-preview').waitFor();
    await assertAccessible('the release page');
    await assertNoSideways('the release page');
    await screenshot('release');

    await page.getByLabel('Secure download link').check();
    await page.getByRole('button', { name: 'Release the bundle' }).click();
    await page.locator('#release-panel').waitFor();
    const pdfPassword = (await page.locator('#release-password').innerText()).trim();
    assert.ok(pdfPassword.length >= 8, 'a password is shown');
    assert.match(await page.locator('#password-instruction').innerText(), /\w+/);
    await screenshot('released');
    assert.equal(await status(), 'released');

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#release-download').click()]);
    const file = path.join(output, 'released.pdf');
    await download.saveAs(file);
    const plain = path.join(output, 'released-decrypted.pdf');
    await assert.rejects(run('qpdf', ['--password=not-it', '--decrypt', file, plain]), 'the file is encrypted');
    await run('qpdf', [`--password=${pdfPassword}`, '--decrypt', file, plain]);
    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', plain, '-']);
    assert.match(text, /visited the family/);
    assert.doesNotMatch(text, /family centre/, 'the redaction added in QA is applied');
    assert.match(text, /asked for help with housing/);
    assert.doesNotMatch(text, /Casey Jordan/, 'the third party is redacted');
    assert.doesNotMatch(text, /07700 900123/, 'the phone number is redacted');
    assert.doesNotMatch(text, /Q7X/, 'the selected word is redacted');
    assert.match(text, /meeting was held in room/);
    assert.match(text, new RegExp(reference));
  });

  it('finds the request in the register, exports it, and shows the reports', async () => {
    await page.getByRole('link', { name: 'Register', exact: true }).click();
    await page.getByRole('heading', { name: 'Register of requests' }).waitFor();
    await page.getByLabel('Reference or name').fill('Morgan Riley');
    await page.getByRole('button', { name: 'Search the register' }).click();
    await page.waitForURL(/q=Morgan/);
    await page.locator(`#register-table tr[data-reference="${reference}"]`).waitFor();
    const row = await page.locator(`#register-table tr[data-reference="${reference}"]`).innerText();
    assert.match(row, /My social care records/);
    assert.match(row, /Released/);
    assert.match(await page.locator('#register-count').innerText(), /^1 request found/);
    await assertAccessible('the register');
    await assertNoSideways('the register');
    await screenshot('register');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#register-csv').click()]);
    const csvText = await readFile(await csv.path(), 'utf8');
    const lines = csvText.trim().split('\r\n');
    assert.equal(lines.length, 2, csvText);
    assert.match(lines[0], /^Reference,Type,Status,Date received,Date response due/);
    assert.match(lines[1], new RegExp(`^${reference},sar,released,`));

    await page.getByRole('link', { name: 'Reports', exact: true }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    const report = await apiCall('GET', '/api/reports');
    assert.ok(report.received >= 1);
    assert.equal(await page.locator('#table-received-closed tbody tr').count(), report.months.length);
    assert.equal(await page.locator('#chart-received-closed rect').count() > 0, true);
    assert.ok(report.exemptions.some((e) => e.code === 'third_party'), 'the accepted redactions are counted');
    const cells = await page.locator('#table-exemptions tbody td').allInnerTexts();
    assert.deepEqual(cells.map(Number), report.exemptions.map((e) => e.count));
    assert.match(await page.locator('#table-exemptions').innerText(), /Third-party information/);
    await assertAccessible('the reports');
    await assertNoSideways('the reports');
    await screenshot('reports');
  });

  it('shows the settings to a manager, who saves a change', async () => {
    await signOut();
    await signIn('cara.manager');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await assertAccessible('the settings');
    await assertNoSideways('the settings');
    await screenshot('settings');
    await page.getByLabel('Redact', { exact: true }).fill('9');
    await page.getByRole('button', { name: 'Save the council settings' }).click();
    await page.locator('#saved-banner').waitFor();
    assert.equal((await apiCall('GET', '/api/settings')).stage_targets.redact, 9);
  });

  it('needed no inline script or style the CSP refused', () => {
    assert.deepEqual(cspViolations, []);
  });
});
