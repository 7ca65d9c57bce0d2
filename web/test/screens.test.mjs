// The officer's screens of issue 7 that came last (docs/web.md), in a real
// browser: "Waiting on you" on the dashboard from GET /api/my/work (a
// safeguarding meeting to hold, an overdue reply from a service area, a
// request sent back by the quality check with its reason), the QA
// reviewer's "send back", linking a request to a requester portal account
// and downloading what the requester uploaded there, a social worker
// adviser suggesting a redaction that the officer then sees, and the
// administrator's OpenID Connect settings (the client secret never shown).
//
// A search can only be overdue if it was sent days ago, so sardesk first
// runs with --today 20 days back to send it, then again on the same data
// folder with the real date. Screenshots go to SARDESK_WEB_OUTPUT/screens.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { screenChecks } from './screen_checks.mjs';

const output = path.join(process.env.SARDESK_WEB_OUTPUT || path.resolve('web-test-output'), 'screens');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const password = 'sardesk-demo';

let data;
let server;
let browser;
let context;
let page;
let overdueRef;     // a search sent 20 days ago, never answered
let flaggedRef;     // a document that raises a safeguarding flag
const cspViolations = [];

// `sardesk [--today DAY] serve --demo` on `data` and a free port.
async function startSardesk({ today } = {}) {
  const bin = process.env.SARDESK_BIN;
  if (!bin) throw new Error('set SARDESK_BIN to the sardesk executable (ctest does)');
  const args = ['--data', data, ...(today ? ['--today', today] : []), 'serve', '--host', '127.0.0.1', '--port', '0', '--demo'];
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
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

// A signed-in API client of its own (a staff member, or a portal requester).
async function staffClient(username) {
  const ctx = await browser.newContext();
  const res = await ctx.request.post(`${server.url}/api/session`, { data: { username, password } });
  assert.equal(res.status(), 200, await res.text());
  return clientOf(ctx, (await res.json()).csrf_token);
}

function clientOf(ctx, csrf) {
  return {
    ctx,
    async call(method, url, options = {}) {
      const res = await ctx.request.fetch(`${server.url}${url}`, { method, headers: { 'X-CSRF-Token': csrf }, ...options });
      const body = await res.json().catch(() => null);
      assert.ok(res.ok(), `${method} ${url}: ${res.status()} ${JSON.stringify(body)}`);
      return body;
    },
  };
}

const { screenshot, assertAccessible, assertNoSideways } = screenChecks(() => page, output);

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

// A request about `name` assigned to ava, identity checked in person.
async function newCase(api, name, received) {
  const created = await api.call('POST', '/api/cases', {
    data: {
      received, channel: 'email', assigned_officer: 'ava.officer', identity_required: false,
      identity_waiver_reason: 'known to the service and seen in person',
      subject: { name, dob: '2001-03-04' }, scope: { information_requested: 'My social care records.' },
    },
  });
  return created.reference || created.record.reference;
}

async function moveTo(api, ref, statuses) {
  for (const to of statuses) await api.call('POST', `/api/cases/${ref}/transition`, { data: { to } });
}

// The code in the mail drop folder (the requester portal's sign-in).
async function takeCode() {
  const dir = path.join(data, 'outbox');
  for (let i = 0; i < 100; i++) {
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

describe('the last screens of the officer application', { concurrency: false }, () => {
  before(async () => {
    await rm(output, { recursive: true, force: true });
    await mkdir(output, { recursive: true });
    data = await mkdtemp(path.join(os.tmpdir(), 'sardesk-screens-e2e-'));
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });

    // 20 days ago: a search to children's social care, never answered.
    const past = new Date(Date.now() - 20 * 86400000).toISOString().slice(0, 10);
    server = await startSardesk({ today: past });
    const ava = await staffClient('ava.officer');
    overdueRef = await newCase(ava, 'Robin Hale', past);
    await moveTo(ava, overdueRef, ['validated']);
    await ava.call('POST', `/api/cases/${overdueRef}/search`, { data: { areas: ['childrens'] } });
    await ava.ctx.close();
    await server.stop();

    // Today, on the same register.
    server = await startSardesk();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (msg) => {
      if (/Content[- ]Security[- ]Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    if (data) await rm(data, { recursive: true, force: true });
  });

  it('shows a safeguarding meeting and an overdue service-area reply waiting on the officer', async () => {
    const ava = await staffClient('ava.officer');
    const task = (await ava.call('GET', `/api/cases/${overdueRef}`)).search_tasks[0];
    assert.ok(task.due < new Date().toISOString().slice(0, 10), `the search was due ${task.due}`);

    // A contact record that raises a self-harm flag, read and detected.
    flaggedRef = await newCase(ava, 'Ellie Carter', new Date().toISOString().slice(0, 10));
    await moveTo(ava, flaggedRef, ['validated', 'searching', 'collating', 'redacting']);
    const note = 'Contact record for Ellie Carter.\nEllie attended school as usual.\n' +
      'Ellie told the nurse she had taken an overdose last spring.\nShe was seen by the GP the next day.\n';
    await ava.call('POST', `/api/cases/${flaggedRef}/documents`, {
      multipart: { file: { name: 'contact-record.txt', mimeType: 'text/plain', buffer: Buffer.from(note) } },
    });
    for (let i = 0; ; i++) {
      const docs = (await ava.call('GET', `/api/cases/${flaggedRef}/documents`)).documents;
      if (docs.length && docs.every((d) => d.status === 'ready')) break;
      assert.ok(i < 600, `the document is read: ${JSON.stringify(docs)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await ava.call('POST', `/api/cases/${flaggedRef}/redactions/propose`, { data: {} });
    const flags = (await ava.call('GET', `/api/cases/${flaggedRef}/safeguarding`)).flags;
    assert.ok(flags.some((f) => f.flag === 'self_harm'), `detection raised the flag: ${JSON.stringify(flags)}`);

    const work = await ava.call('GET', '/api/my/work');
    const reply = work.items.find((i) => i.kind === 'service_area_reply' && i.reference === overdueRef);
    assert.ok(reply && reply.overdue, `the reply is overdue in the work list: ${JSON.stringify(work.items)}`);
    await ava.ctx.close();

    await signIn('ava.officer');
    const meeting = page.locator(`#waiting-safeguarding li[data-reference="${flaggedRef}"]`);
    await meeting.waitFor();
    assert.match(await meeting.innerText(), /Hold a safeguarding meeting: self-harm in contact-record\.txt/);
    const late = page.locator(`#waiting-service-areas li[data-reference="${overdueRef}"]`);
    assert.match(await late.innerText(), /Children's social care has not replied to the search sent on/);
    assert.match(await late.innerText(), /Overdue: \d+ days? overdue/, 'overdue is said in words');
    assert.equal(await late.evaluate((el) => el.classList.contains('app-work-item--overdue')), true);
    assert.equal(await late.evaluate((el) => getComputedStyle(el).borderLeftColor), 'rgb(212, 53, 28)', 'and marked in red');
    assert.match(await page.locator('#waiting-summary').innerText(), /overdue/);
    await assertAccessible('the dashboard with work waiting');
    await assertNoSideways('the dashboard with work waiting');
    await screenshot('dashboard-waiting-on-you');

    // The item is a link to the request, operable from the keyboard.
    await meeting.getByRole('link', { name: flaggedRef }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: new RegExp(`^${flaggedRef}`) }).waitFor();
  });

  it('links a request to a requester portal account and downloads what they uploaded', async () => {
    await page.goto(`${server.url}/cases/${overdueRef}`);
    const portal = page.locator('section[aria-labelledby="portal"]');
    await portal.getByText('This request is not linked to a requester portal account.').waitFor();
    await page.getByRole('button', { name: 'Link to a requester portal account' }).click();
    await page.getByRole('alert').getByText('Enter an email address in the correct format').waitFor();
    await page.getByLabel("Requester's email address").fill('robin.hale@example.org');
    await page.getByLabel("Requester's email address").press('Enter');
    await page.locator('#portal-linked-banner').waitFor();
    assert.match(await page.locator('#portal-accounts').innerText(), /Linked robin\.hale@example\.org/);

    // The requester signs in to the portal and uploads proof of identity.
    const requester = await browser.newContext();
    const asked = await requester.request.post(`${server.url}/api/portal/session/code`, { data: { email: 'robin.hale@example.org' } });
    assert.ok(asked.ok(), await asked.text());
    const signedIn = await requester.request.post(`${server.url}/api/portal/session`, { data: { email: 'robin.hale@example.org', code: await takeCode() } });
    assert.equal(signedIn.status(), 200, await signedIn.text());
    const portalApi = clientOf(requester, (await signedIn.json()).csrf_token);
    await portalApi.call('POST', `/api/portal/requests/${overdueRef}/documents`, {
      multipart: { kind: 'identity', file: { name: 'passport-scan.txt', mimeType: 'text/plain', buffer: Buffer.from('PASSPORT OF ROBIN HALE') } },
    });
    await requester.close();

    await page.reload();
    const uploads = page.locator('#portal-uploads');
    await uploads.getByRole('cell', { name: 'passport-scan.txt', exact: true }).waitFor();
    assert.match(await uploads.innerText(), /Proof of identity/);
    await assertAccessible('the case page with the portal');
    await screenshot('case-portal-linked');
    const [download] = await Promise.all([page.waitForEvent('download'), uploads.getByRole('link', { name: /Download/ }).click()]);
    assert.equal(download.suggestedFilename(), 'passport-scan.txt');
    assert.equal(await readFile(await download.path(), 'utf8'), 'PASSPORT OF ROBIN HALE');
  });

  it('lets a social worker adviser suggest a redaction, which the officer then sees', async () => {
    const ava = await staffClient('ava.officer');
    await ava.call('POST', `/api/cases/${flaggedRef}/shares`, { data: { username: 'sam.adviser' } });
    const documentId = (await ava.call('GET', `/api/cases/${flaggedRef}/documents`)).documents[0].id;
    await ava.ctx.close();

    await signOut();
    await signIn('sam.adviser');
    await page.getByRole('link', { name: flaggedRef }).click();
    await page.getByRole('link', { name: /Review/ }).first().click();
    await page.locator('#adviser-note').waitFor();
    await page.locator('#page-label').getByText(/^Page 1 of/).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Accept' }).count(), 0, 'an adviser cannot accept');
    assert.equal(await page.getByRole('button', { name: 'Reject' }).count(), 0, 'an adviser cannot reject');
    await page.getByLabel('Why (optional)').fill('Ellie asked that the GP visit is not shared with her father');

    // Suggest a box over "GP".
    const pageJson = await (await page.request.get(`${server.url}/api/documents/${documentId}/pages/1`)).json();
    const word = pageJson.words.find((w) => w[0] === 'GP');
    assert.ok(word, 'the word layer has "GP"');
    await page.getByRole('button', { name: 'Suggest redaction' }).click();
    await page.locator('#page').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    const box = await page.locator('#page').boundingBox();
    const at = (x, y) => [box.x + (box.width * x) / pageJson.width, box.y + (box.height * y) / pageJson.height];
    await page.mouse.move(...at(word[1] - 1, word[2] - 1));
    await page.mouse.down();
    await page.mouse.move(...at(word[3] + 1, word[4] + 1), { steps: 4 });
    await page.mouse.up();
    await page.waitForFunction(() => /Suggestion sent/.test(document.getElementById('review-status').textContent) || document.querySelector('.govuk-error-summary'));
    assert.equal((await page.locator('.govuk-error-summary').allInnerTexts()).join(' '), '', 'no error');
    await page.locator('#proposal-list .app-suggested').first().waitFor();
    await assertAccessible('the review page for an adviser');
    await screenshot('review-adviser-suggests');

    await signOut();
    await signIn('ava.officer');
    await page.goto(`${server.url}/cases/${flaggedRef}/documents/${documentId}`);
    await page.locator('#proposal-list li').first().waitFor();
    await page.getByLabel('Source').selectOption('adviser');
    const items = page.locator('#proposal-list li');
    assert.equal(await items.count(), 1, 'the filter shows the adviser\'s suggestion alone');
    assert.match(await items.first().innerText(), /Suggested by adviser sam\.adviser/);
    await items.first().getByRole('button').click();
    assert.match(await page.locator('#detail-source').innerText(), /Suggested by a social worker adviser \(sam\.adviser\): "Ellie asked that the GP visit/);
    await page.getByRole('button', { name: 'Accept' }).waitFor();
    await assertAccessible('the review page with a suggestion');
    await screenshot('review-officer-sees-suggestion');
  });

  it('lets the QA reviewer send the request back, and the officer sees why', async () => {
    const ava = await staffClient('ava.officer');
    for (const r of (await ava.call('GET', `/api/cases/${flaggedRef}/redactions`)).redactions)
      if (r.status === 'proposed') await ava.call('POST', `/api/cases/${flaggedRef}/redactions/${r.id}/decide`, { data: { decision: 'accept' } });
    await ava.call('POST', `/api/cases/${flaggedRef}/redactions/apply`, { data: {} });
    await moveTo(ava, flaggedRef, ['qa']);
    await ava.ctx.close();

    await signOut();
    await signIn('quinn.qa');
    const qaItem = page.locator(`#waiting-qa li[data-reference="${flaggedRef}"]`);
    await qaItem.waitFor();
    await qaItem.getByRole('link', { name: flaggedRef }).click();
    await page.getByRole('heading', { name: 'Quality check', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Start a quality check' }).click();
    await page.locator('#qa-page-list li').first().waitFor();
    await page.getByRole('button', { name: 'Send back to the redacting officer' }).click();
    await page.getByRole('alert').getByText('Enter why you are sending the request back').waitFor();
    await page.getByLabel('Why it goes back').fill('The nurse is named on page 1: redact her name');
    await page.getByRole('button', { name: 'Send back to the redacting officer' }).click();
    await page.locator('#qa-banner').getByText(/Sent back/).waitFor();
    await screenshot('qa-sent-back');

    await signOut();
    await signIn('ava.officer');
    const back = page.locator(`#waiting-sent-back li[data-reference="${flaggedRef}"]`);
    await back.waitFor();
    assert.match(await back.innerText(), /Sent back by the quality check \(quinn\.qa, .*\): The nurse is named on page 1: redact her name/);
    await screenshot('dashboard-sent-back');
    await back.getByRole('link', { name: flaggedRef }).click();
    const banner = page.locator('#sent-back');
    await banner.waitFor();
    assert.match(await banner.innerText(), /The nurse is named on page 1: redact her name/);
    assert.match(await banner.innerText(), /quinn\.qa sent it back/);
    assert.match(await page.locator('#case-status').innerText(), /Redacting/);
    await assertAccessible('the case sent back');
    await screenshot('case-sent-back');
  });

  it('lets the IG manager record the safeguarding meeting, after which it no longer waits', async () => {
    await signOut();
    await signIn('cara.manager');
    const item = page.locator(`#waiting-safeguarding li[data-reference="${flaggedRef}"]`);
    await item.waitFor();  // a manager sees it on ava's request too
    await item.getByRole('link', { name: flaggedRef }).click();
    await page.locator('#meeting-needed').getByText(/A safeguarding meeting is needed before release: contact-record\.txt \(self harm on page 1\)/).waitFor();
    await page.getByRole('button', { name: 'Record the meeting' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.getByText('Enter who attended the meeting').waitFor();
    assert.match(await summary.innerText(), /Select what the meeting decided/);
    await page.getByLabel('Who attended').fill('Cara Singh, IG manager\nPat Jones, children\'s social care');
    await page.getByLabel('Release as redacted').check();
    await page.getByLabel('Notes').fill('Ellie has support from her personal adviser.');
    await page.getByRole('button', { name: 'Record the meeting' }).click();
    await page.locator('#meeting-banner').waitFor();
    assert.match(await page.locator('#meeting-table').innerText(), /Cara Singh, IG manager, Pat Jones, children's social care\s+Release as redacted/);
    assert.match(await page.locator('#meeting-needed').innerText(), /Every flagged document has been considered/);
    await assertAccessible('the case page with a safeguarding meeting');
    await screenshot('case-safeguarding-meeting');
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.locator('#waiting-on-me').waitFor();
    assert.equal(await page.locator(`#waiting-safeguarding li[data-reference="${flaggedRef}"]`).count(), 0);
  });

  it('lets an administrator set up council sign-in without the client secret ever showing', async () => {
    await signOut();
    await signIn('alex.admin');
    await page.locator('#admin-dashboard').getByRole('link', { name: 'Go to the settings' }).click();
    await page.getByRole('heading', { name: 'Sign-in with council accounts' }).waitFor();
    assert.match(await page.locator('#oidc-status').innerText(), /Council sign-in is off\. No client secret is set\./);
    await page.getByLabel('Client id').fill('55555555-6666-7777-8888-999999999999');
    await page.getByLabel('Client secret', { exact: true }).fill('s3cret-from-the-provider');
    await page.getByRole('button', { name: 'Save the council sign-in settings' }).click();
    await page.locator('#saved-banner').waitFor();
    await page.getByRole('heading', { name: 'Sign-in with council accounts' }).waitFor();
    assert.match(await page.locator('#oidc-status').innerText(), /A client secret is set\./);
    assert.equal(await page.getByLabel('Client secret', { exact: true }).inputValue(), '', 'the secret is not put back in the form');
    assert.equal(await page.getByLabel('Client id').inputValue(), '55555555-6666-7777-8888-999999999999');
    assert.ok(!(await page.content()).includes('s3cret-from-the-provider'), 'the secret is nowhere in the page');
    await assertAccessible('the settings with council sign-in');
    await screenshot('settings-oidc');

    // Officers do not see these settings.
    await signOut();
    await signIn('cara.manager');
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Sign-in with council accounts' }).count(), 0);
  });

  it('needed no inline script or style the CSP refused', () => {
    assert.deepEqual(cspViolations, []);
  });
});
