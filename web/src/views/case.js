// The case page: where a request stands, what can happen next (and why
// other moves cannot), both deadlines, its documents and its history.
import { api } from '../api.js';
import { h, clear, mount, formatDate, describeDays, daysUntil, words, plural } from '../dom.js';
import { reference, label, stageLabel } from '../reference.js';
import { showErrors, field, textInput, radios } from '../form.js';

const enc = encodeURIComponent;

// Optional parts of the page: a route that is missing on this server (or
// refused to this user) leaves its section saying so, not the whole page.
async function optional(promise) {
  try {
    return { data: await promise };
  } catch (err) {
    if (err.status === 401) throw err;
    return { error: err };
  }
}

function summaryRow(key, ...value) {
  return h('div', { class: 'govuk-summary-list__row' },
    h('dt', { class: 'govuk-summary-list__key' }, key),
    h('dd', { class: 'govuk-summary-list__value' }, ...value));
}

function deadline(iso, days, overdue) {
  if (!iso) return ['Not started'];
  return [formatDate(iso), ' ', overdue
    ? h('strong', { class: 'govuk-tag govuk-tag--red app-overdue' }, describeDays(days))
    : h('span', { class: 'govuk-hint app-days' }, `(${describeDays(days)})`)];
}

function section(id, title, ...content) {
  return h('section', { class: 'app-section', 'aria-labelledby': id }, h('h2', { class: 'govuk-heading-m', id }, title), ...content);
}

function table(caption, headers, rows, attrs = {}) {
  return h('div', { class: 'app-table-scroll' }, h('table', { class: 'govuk-table', ...attrs },
    h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, caption),
    h('thead', { class: 'govuk-table__head' }, h('tr', { class: 'govuk-table__row' }, headers.map((t) => h('th', { scope: 'col', class: 'govuk-table__header' }, t)))),
    h('tbody', { class: 'govuk-table__body' }, rows.map((cells) => h('tr', { class: 'govuk-table__row' }, cells.map((c) => h('td', { class: 'govuk-table__cell' }, c)))))));
}

const auditLabels = {
  'case.create': 'Request recorded',
  'case.update': 'Details corrected',
  'case.transition': 'Status changed',
  'case.evidence': 'Evidence recorded',
  'case.assign': 'Officer assigned',
  'case.communicate': 'Communication recorded',
};

function describeAudit(e, refData) {
  const before = e.before && typeof e.before === 'object' ? e.before : {};
  const after = e.after && typeof e.after === 'object' ? e.after : {};
  if (after.status && after.status !== before.status && e.action !== 'case.create') return `Status changed to ${label(refData, 'status', after.status).toLowerCase()}`;
  if (auditLabels[e.action]) return auditLabels[e.action];
  const [entity, verb] = String(e.action).split('.');
  return words([entity, verb].filter(Boolean).join(' ').replace(/-/g, ' '));
}

function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${formatDate(iso.slice(0, 10))} at ${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

function documentProgress(d) {
  if (d.status === 'ready') return `Ready: ${plural(d.page_count || 0, 'page')}`;
  if (d.status === 'failed') return `Could not be read: ${d.error || 'unknown problem'}`;
  if (d.status === 'container') return 'Unpacked into the files below';
  const total = d.page_count || 0;
  const done = d.pages_done || 0;
  const left = d.eta_seconds ? `, about ${Math.max(1, Math.round(d.eta_seconds / 60))} min left` : '';
  return [d.status === 'queued' ? 'Waiting to be read' : `Reading: ${done} of ${total || '?'} pages${left}`,
    total ? h('progress', { max: String(total), value: String(done), class: 'app-progress', 'aria-label': `${d.filename}: ${done} of ${total} pages read` }) : null];
}

// "Find what to redact": runs detection over every read page of the request
// (POST /redactions/propose) without blocking the page, showing the pages
// done and the time left from GET /redactions/progress. Officers and
// managers only; the server checks it too.
function detectForm(ctx, ref) {
  const role = (ctx.user() || {}).role;
  if (role !== 'ig_officer' && role !== 'ig_manager') return null;
  const status = h('div', { id: 'detect-progress', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'govuk-button govuk-button--secondary', id: 'detect-button' }, 'Find what to redact');
  const form = h('form', { novalidate: true, id: 'detect-form' }, button, status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    const bar = h('progress', { class: 'app-progress', 'aria-label': 'Finding what to redact' });
    const text = h('p', { class: 'govuk-body' }, 'Reading the pages for personal data. You can keep working on this page.');
    mount(status, text, bar);
    const timer = setInterval(async () => {
      let p = null;
      try { p = await api.get(`/api/cases/${enc(ref)}/redactions/progress`); } catch { p = null; }
      if (p && p.running && p.pages_total > 0) {
        bar.max = p.pages_total;
        bar.value = p.pages_done;
        const left = p.seconds_left == null ? '' : ` About ${plural(Math.max(1, Math.round(p.seconds_left)), 'second')} left.`;
        text.textContent = `Reading the pages: ${p.pages_done} of ${plural(p.pages_total, 'page')} done.${left} You can keep working on this page.`;
      }
    }, 1000);
    try {
      const r = await api.post(`/api/cases/${enc(ref)}/redactions/propose`, {});
      clearInterval(timer);
      if (ctx.stale()) return;
      mount(status, h('p', { class: 'govuk-body', id: 'detect-result' },
        `Found ${plural(r.added, 'new proposal')} in ${plural(r.documents, 'document')}.`));
      ctx.navigate(`/cases/${enc(ref)}`, { replace: true });
    } catch (err) {
      clearInterval(timer);
      button.disabled = false;
      mount(status, h('p', { class: 'govuk-error-message', id: 'detect-error' }, err.message));
    }
  });
  return form;
}

// The requester portal (docs/portal.md): which portal accounts see this
// request, linking one by email (officers and managers), and what the
// requester uploaded there with a download link for each file. Shown to
// those who may read it (officers, managers, the DPO).
function portalSection(ctx, ref, portal, errorBox) {
  const role = (ctx.user() || {}).role;
  if (portal.error && portal.error.status === 403) return null;
  if (portal.error) {
    return section('portal', 'Requester portal', h('p', { class: 'govuk-body' }, `The portal could not be shown: ${portal.error.message}`));
  }
  const { accounts = [], uploads = [] } = portal.data || {};
  const email = textInput('portal-email', { type: 'email', autocomplete: 'off', width: 'govuk-input--width-20' });
  const linkForm = role === 'ig_officer' || role === 'ig_manager'
    ? h('form', { novalidate: true, id: 'portal-link-form' },
        field({ id: 'portal-email', label: "Requester's email address",
          hint: 'They sign in to the portal with this address and then see this request, its questions and its release.', input: email }),
        h('button', { type: 'submit', class: 'govuk-button govuk-button--secondary', id: 'portal-link-button' }, 'Link to a requester portal account'))
    : null;
  if (linkForm) {
    linkForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      const value = email.value.trim();
      if (!value || !/^[^@\s]+@[^@\s]+$/.test(value)) {
        showErrors(errorBox, [{ id: 'portal-email', message: 'Enter an email address in the correct format, like name@example.com' }]);
        return;
      }
      try {
        await api.post(`/api/cases/${enc(ref)}/portal-link`, { email: value });
        ctx.navigate(`/cases/${enc(ref)}?portal_linked=1#portal`, { replace: true });
      } catch (err) {
        showErrors(errorBox, [{ id: 'portal-email', message: err.message }]);
      }
    });
  }
  const kindLabel = { identity: 'Proof of identity', authority: 'Proof of authority to act' };
  return section('portal', 'Requester portal',
    accounts.length
      ? h('ul', { class: 'govuk-list', id: 'portal-accounts' }, accounts.map((a) =>
          h('li', {}, h('strong', { class: 'govuk-tag govuk-tag--green' }, 'Linked'), ` ${a.email}`,
            h('span', { class: 'govuk-hint app-days' }, ` (linked by ${a.linked_by || 'the requester'} on ${formatDate(String(a.linked_at || '').slice(0, 10))})`))))
      : h('p', { class: 'govuk-body', id: 'portal-accounts' }, 'This request is not linked to a requester portal account.'),
    linkForm,
    h('h3', { class: 'govuk-heading-s' }, 'Files the requester uploaded'),
    uploads.length
      ? table('Files the requester uploaded in the portal', ['File', 'What it shows', 'Uploaded', 'Size', ''], uploads.map((u) => [
          u.file_name, kindLabel[u.kind] || words(u.kind), formatDate(String(u.uploaded_at || '').slice(0, 10)),
          `${Math.max(1, Math.round((u.bytes || 0) / 1024))} KB`,
          h('a', { class: 'govuk-link', href: `/api/cases/${enc(ref)}/portal/uploads/${u.id}`, download: u.file_name },
            'Download', h('span', { class: 'govuk-visually-hidden' }, ` ${u.file_name}`))]), { id: 'portal-uploads' })
      : h('p', { class: 'govuk-body', id: 'portal-uploads' }, 'No files uploaded in the portal.'));
}

// Safeguarding (seed 001 stage 4): the flags detection raised, the meetings
// held, and recording a meeting (officers, managers, the DPO) with
// POST /safeguarding/meetings. Release waits for one on each flagged document.
const meetingOutcomes = [
  { value: 'release', label: 'Release as redacted' },
  { value: 'release_with_support', label: 'Release with support (for example a meeting to go through the records)' },
  { value: 'withhold_part', label: 'Withhold part (redact it under serious harm)' },
  { value: 'withhold_all', label: 'Withhold the documents considered in full' },
];

function safeguardingSection(ctx, ref, safeguarding, errorBox) {
  const data = safeguarding.data;
  if (!data || (!data.flags.length && !data.meetings.length)) return null;
  const role = (ctx.user() || {}).role;
  const byDocument = new Map();
  for (const f of data.flags) {
    if (!f.in_bundle) continue;
    const entry = byDocument.get(f.document_id) || { filename: f.filename, pages: [] };
    entry.pages.push(`${words(f.flag).toLowerCase()} on page ${f.page}`);
    byDocument.set(f.document_id, entry);
  }
  const considered = new Set(data.meetings.flatMap((m) => m.documents || []));
  const waiting = [...byDocument].filter(([id]) => !considered.has(id));
  const heldOn = textInput('meeting-held-on', { width: 'govuk-input--width-10', value: new Date().toISOString().slice(0, 10) });
  const attendees = h('textarea', { class: 'govuk-textarea', id: 'meeting-attendees', name: 'meeting-attendees', rows: '3' });
  const notes = h('textarea', { class: 'govuk-textarea', id: 'meeting-notes', name: 'meeting-notes', rows: '3' });
  const form = (role === 'ig_officer' || role === 'ig_manager' || role === 'dpo') && waiting.length
    ? h('form', { novalidate: true, id: 'meeting-form' },
        h('h3', { class: 'govuk-heading-s' }, 'Record a safeguarding meeting'),
        field({ id: 'meeting-held-on', label: 'Date of the meeting', hint: 'For example 2026-11-27', input: heldOn }),
        field({ id: 'meeting-attendees', label: 'Who attended', hint: 'One name and role on each line', input: attendees }),
        radios('meeting-outcome', 'What the meeting decided', meetingOutcomes),
        field({ id: 'meeting-notes', label: 'Notes', hint: 'Needed to withhold: what is withheld and the serious harm the meeting foresaw', input: notes }),
        h('button', { type: 'submit', class: 'govuk-button govuk-button--secondary' }, 'Record the meeting'))
    : null;
  if (form) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const outcome = form.querySelector('input[name="meeting-outcome"]:checked');
      const names = attendees.value.split('\n').map((x) => x.trim()).filter(Boolean);
      const errors = [];
      if (!/^\d{4}-\d{2}-\d{2}$/.test(heldOn.value.trim())) errors.push({ id: 'meeting-held-on', message: 'Enter the date of the meeting like 2026-11-27' });
      if (!names.length) errors.push({ id: 'meeting-attendees', message: 'Enter who attended the meeting' });
      if (!outcome) errors.push({ id: 'meeting-outcome-0', message: 'Select what the meeting decided' });
      if (errors.length) return showErrors(errorBox, errors);
      try {
        await api.post(`/api/cases/${enc(ref)}/safeguarding/meetings`,
          { held_on: heldOn.value.trim(), attendees: names, outcome: outcome.value, notes: notes.value.trim() });
        ctx.navigate(`/cases/${enc(ref)}?meeting=1#safeguarding`, { replace: true });
      } catch (err) {
        showErrors(errorBox, [{ id: 'meeting-notes', message: err.message }]);
      }
    });
  }
  const outcomeLabel = (v) => (meetingOutcomes.find((o) => o.value === v) || { label: words(v) }).label;
  return section('safeguarding', 'Safeguarding',
    waiting.length
      ? h('div', { class: 'govuk-warning-text', id: 'meeting-needed' }, h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
          h('strong', { class: 'govuk-warning-text__text' }, h('span', { class: 'govuk-visually-hidden' }, 'Warning: '),
            'A safeguarding meeting is needed before release: ',
            waiting.map(([, d], i) => `${i ? '; ' : ''}${d.filename} (${d.pages.join(', ')})`).join('')))
      : h('p', { class: 'govuk-body', id: 'meeting-needed' }, 'Every flagged document has been considered at a safeguarding meeting.'),
    data.meetings.length
      ? table('Safeguarding meetings', ['Date', 'Who attended', 'Decision', 'Notes'], data.meetings.map((m) => [
          formatDate(m.held_on), (m.attendees || []).join(', '), outcomeLabel(m.outcome), m.notes || '']), { id: 'meeting-table' })
      : null,
    form);
}

export async function renderCase(ctx, ref) {
  const role = (ctx.user() || {}).role;
  const seesPortal = role === 'ig_officer' || role === 'ig_manager' || role === 'dpo';
  const [c, refData, audit, docs, redactions, safeguarding, portal] = await Promise.all([
    api.caseView(ref), reference(), optional(api.audit(ref)), optional(api.documents(ref)),
    optional(api.redactions(ref)), optional(api.safeguarding(ref)),
    seesPortal ? optional(api.get(`/api/cases/${enc(ref)}/portal`)) : Promise.resolve({ error: { status: 403 } })]);
  if (ctx.stale()) return;
  const params = new URLSearchParams(location.search);
  const errorBox = h('div');

  // Next actions: the allowed moves as buttons; the others with their reasons.
  const allowed = (c.next_actions || []).filter((a) => a.allowed);
  const blocked = (c.next_actions || []).filter((a) => !a.allowed);
  const reason = h('textarea', { class: 'govuk-textarea', id: 'move-reason', name: 'move-reason', rows: '2', 'aria-describedby': 'move-reason-hint' });
  const actions = section('next-actions', 'What can happen next',
    allowed.length
      ? h('form', { novalidate: true, id: 'move-form' },
          h('div', { class: 'govuk-form-group', id: 'move-reason-group' },
            h('label', { class: 'govuk-label', for: 'move-reason' }, 'Reason (optional)'),
            h('div', { class: 'govuk-hint', id: 'move-reason-hint' }, 'Needed when you send a request back or it is withdrawn.'),
            reason),
          h('div', { class: 'govuk-button-group' }, allowed.map((a) =>
            h('button', { type: 'submit', class: 'govuk-button' + (a.to === 'withdrawn' ? ' govuk-button--warning' : ' govuk-button--secondary'), name: 'to', value: a.to, dataset: { move: a.to } },
              `Move to ${label(refData, 'status', a.to).toLowerCase()}`))))
      : h('p', { class: 'govuk-body' }, 'No moves are possible now.'),
    blocked.length
      ? h('div', {}, h('h3', { class: 'govuk-heading-s' }, 'Not possible yet'),
          h('ul', { class: 'govuk-list govuk-list--bullet', id: 'blocked-moves' }, blocked.map((a) =>
            h('li', {}, h('strong', {}, label(refData, 'status', a.to)), `: ${a.why_not}`))))
      : null);
  const moveForm = actions.querySelector('#move-form');
  if (moveForm) {
    moveForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      const to = event.submitter && event.submitter.value;
      if (!to) return;
      const body = { to };
      if (reason.value.trim()) body.reason = reason.value.trim();
      try {
        await api.post(`/api/cases/${enc(ref)}/transition`, body);
        ctx.navigate(`/cases/${enc(ref)}?moved=${enc(to)}`, { replace: true });
      } catch (err) {
        showErrors(errorBox, [{ id: 'move-reason', message: err.message }]);
      }
    });
  }

  // Release blockers: the checks' and safeguarding's.
  const blockers = [...((c.checks && c.checks.blockers) || []), ...((safeguarding.data && safeguarding.data.release_blockers) || [])];

  const docList = docs.data ? docs.data.documents : [];
  const docSection = section('documents', 'Documents',
    docs.error ? h('p', { class: 'govuk-body' }, `Documents could not be shown: ${docs.error.message}`)
      : !docList.length ? h('p', { class: 'govuk-body' }, 'No documents yet.')
      : [h('p', { class: 'govuk-body', id: 'document-volume' },
          `${plural(docs.data.volume.documents, 'document')}, ${plural(docs.data.volume.pages, 'page')}` +
          (docs.data.volume.pages_waiting ? `, ${docs.data.volume.pages_waiting} still to read` : '') + '.'),
        table('Documents of this request', ['File', 'From', 'Progress', ''], docList.map((d) => [
          d.filename, d.service_area || d.uploaded_by || '', h('div', { class: 'app-doc-progress', dataset: { document: String(d.id) } }, documentProgress(d)),
          d.status === 'ready' && d.page_count ? h('a', { class: 'govuk-link', href: `/cases/${enc(ref)}/documents/${d.id}` }, 'Review', h('span', { class: 'govuk-visually-hidden' }, ` ${d.filename}`)) : '']), { id: 'documents-table' })]);

  // Exemptions: what the accepted redactions rely on, by reason.
  const byExemption = new Map();
  for (const r of (redactions.data ? redactions.data.redactions : [])) {
    if (r.status !== 'accepted') continue;
    const key = r.exemption_label || r.exemption;
    byExemption.set(key, (byExemption.get(key) || 0) + 1);
  }
  const counts = redactions.data ? redactions.data.by_status : null;

  const audits = audit.data ? [...audit.data.entries].reverse() : [];
  // Sent back by the quality check: the reviewer's reason, where the officer sees it first.
  const lastMove = (c.history || [])[(c.history || []).length - 1];
  const sentBack = c.status === 'redacting' && lastMove && /^QA sent back/.test(lastMove.reason || '') ? lastMove : null;
  const repeats = c.possible_repeat_of || [];

  mount(ctx.main, 
    errorBox,
    params.get('created') ? h('div', { class: 'govuk-notification-banner govuk-notification-banner--success', role: 'alert', id: 'created-banner' },
      h('div', { class: 'govuk-notification-banner__header' }, h('h2', { class: 'govuk-notification-banner__title' }, 'Success')),
      h('div', { class: 'govuk-notification-banner__content' }, h('p', { class: 'govuk-notification-banner__heading' }, `Request ${c.reference} recorded`),
        params.get('evidence_problem') ? h('p', { class: 'govuk-body' }, `Some evidence was not recorded: ${params.get('evidence_problem')}`) : null)) : null,
    params.get('meeting') ? h('div', { class: 'govuk-notification-banner govuk-notification-banner--success', role: 'alert', id: 'meeting-banner' },
      h('div', { class: 'govuk-notification-banner__content' }, h('p', { class: 'govuk-notification-banner__heading' }, 'Safeguarding meeting recorded'))) : null,
    params.get('portal_linked') ? h('div', { class: 'govuk-notification-banner govuk-notification-banner--success', role: 'alert', id: 'portal-linked-banner' },
      h('div', { class: 'govuk-notification-banner__content' }, h('p', { class: 'govuk-notification-banner__heading' }, 'Linked to the requester portal account'))) : null,
    params.get('moved') ? h('div', { class: 'govuk-notification-banner govuk-notification-banner--success', role: 'alert' },
      h('div', { class: 'govuk-notification-banner__content' }, h('p', { class: 'govuk-notification-banner__heading' }, `Moved to ${label(refData, 'status', params.get('moved')).toLowerCase()}`))) : null,
    sentBack ? h('div', { class: 'govuk-notification-banner', role: 'region', 'aria-labelledby': 'sent-back-title', id: 'sent-back' },
      h('div', { class: 'govuk-notification-banner__header' }, h('h2', { class: 'govuk-notification-banner__title', id: 'sent-back-title' }, 'Sent back by the quality check')),
      h('div', { class: 'govuk-notification-banner__content' },
        h('p', { class: 'govuk-notification-banner__heading' }, sentBack.reason.replace(/^QA sent back \(review \d+\): /, '')),
        h('p', { class: 'govuk-body' }, `${sentBack.by} sent it back on ${formatDate(sentBack.on)}. Put it right, then move it to the quality check again.`))) : null,
    h('span', { class: 'govuk-caption-l' }, label(refData, 'route', c.route)),
    h('h1', { class: 'govuk-heading-l' }, `${c.reference}: ${c.subject.name}`),
    h('p', { class: 'govuk-body' },
      h('strong', { class: 'govuk-tag', id: 'case-status' }, label(refData, 'status', c.status)), ' ',
      `Stage: ${stageLabel(c.stage.name)}. Officer: ${c.assigned_officer || 'not assigned'}.`),
    repeats.length ? h('div', { class: 'govuk-warning-text' }, h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
      h('strong', { class: 'govuk-warning-text__text' }, h('span', { class: 'govuk-visually-hidden' }, 'Warning: '), 'Possible repeat of ',
        repeats.map((r, i) => [i ? ', ' : '', h('a', { class: 'govuk-link', href: `/cases/${enc(r)}` }, r)]))) : null,
    section('deadlines', 'Deadlines', h('dl', { class: 'govuk-summary-list', id: 'deadline-list' },
      summaryRow('Statutory deadline', ...deadline(c.clock.due, c.clock.days_remaining, c.clock.overdue),
        c.clock.paused_now ? h('p', { class: 'govuk-body-s' }, `The clock is paused: waiting for ${c.clock.waiting_for}.`) : null,
        c.extension ? h('p', { class: 'govuk-body-s' }, `Extended from ${formatDate(c.clock.unextended_due)}.`) : null),
      summaryRow(`${stageLabel(c.stage.name)} stage due`, ...deadline(c.stage.due, daysUntil(c.stage.due), c.stage.overdue)),
      summaryRow('Received', formatDate(c.received)))),
    actions,
    section('release-blockers', 'What stops release',
      blockers.length ? h('ul', { class: 'govuk-list govuk-list--bullet', id: 'blocker-list' }, blockers.map((b) => h('li', {}, b)))
        : h('p', { class: 'govuk-body' }, 'Nothing recorded stops release.'),
      h('ul', { class: 'govuk-list', id: 'case-screens' },
        h('li', {}, h('a', { class: 'govuk-link', href: `/cases/${enc(ref)}/qa` }, 'Quality check', h('span', { class: 'govuk-visually-hidden' }, ` of ${c.reference}`))),
        h('li', {}, h('a', { class: 'govuk-link', href: `/cases/${enc(ref)}/release` }, 'Bundle, covering letter and release', h('span', { class: 'govuk-visually-hidden' }, ` of ${c.reference}`))))),
    section('search-tasks', 'Searches of service areas',
      (c.search_tasks || []).length
        ? table('Searches of service areas', ['Service area', 'Sent', 'Due', 'Status'], c.search_tasks.map((t) => [
            t.service_area_name || t.service_area, formatDate(t.sent_on), formatDate(t.due), label(refData, 'search_status', t.status)]))
        : h('p', { class: 'govuk-body' }, 'No searches sent yet.')),
    docSection,
    safeguardingSection(ctx, ref, safeguarding, errorBox),
    portalSection(ctx, ref, portal, errorBox),
    section('exemptions', 'Redactions and exemptions',
      counts ? h('p', { class: 'govuk-body', id: 'redaction-counts' }, `${counts.proposed} proposed, ${counts.accepted} accepted, ${counts.rejected} rejected.`) : null,
      detectForm(ctx, ref),
      byExemption.size
        ? h('ul', { class: 'govuk-list govuk-list--bullet' }, [...byExemption].map(([k, n]) => h('li', {}, `${k}: ${plural(n, 'redaction')}`)))
        : h('p', { class: 'govuk-body' }, 'No exemptions applied yet.'),
      safeguarding.data && safeguarding.data.flags.length
        ? h('p', { class: 'govuk-body' }, h('strong', { class: 'govuk-tag govuk-tag--orange' }, 'Safeguarding'),
            ` ${plural(safeguarding.data.flags.length, 'page has', 'pages have')} safeguarding flags.`) : null),
    section('communications', 'Communications',
      (c.communications || []).length
        ? table('Communications', ['Date', 'Direction', 'How', 'Summary'], c.communications.map((m) => [
            formatDate(m.at), label(refData, 'direction', m.direction), label(refData, 'comm_method', m.method), m.summary]))
        : h('p', { class: 'govuk-body' }, 'No communications recorded.')),
    section('timeline', 'Timeline',
      audit.error ? h('p', { class: 'govuk-body' }, `The history could not be shown: ${audit.error.message}`)
        : h('ol', { class: 'app-timeline', id: 'timeline-list', reversed: true }, audits.map((e) =>
            h('li', { class: 'app-timeline__item' },
              h('p', { class: 'govuk-body govuk-!-margin-bottom-1' }, h('strong', {}, describeAudit(e, refData))),
              h('p', { class: 'govuk-body-s app-timeline__meta' }, `${e.actor} on ${formatTime(e.at)}`))))),
  );
  ctx.pageReady(`${c.reference}: ${c.subject.name}`);

  // While documents are being read, refresh their progress (never blocks the page).
  const busy = () => docList.some((d) => d.status === 'queued' || d.status === 'processing');
  if (busy()) {
    const poll = async () => {
      if (ctx.stale()) return;
      let fresh;
      try {
        fresh = await api.documents(ref);
      } catch {
        return;
      }
      if (ctx.stale()) return;
      for (const d of fresh.documents) {
        const cell = ctx.main.querySelector(`.app-doc-progress[data-document="${d.id}"]`);
        if (cell) mount(cell, documentProgress(d));
      }
      docList.splice(0, docList.length, ...fresh.documents);
      if (busy()) setTimeout(poll, 2000);
    };
    setTimeout(poll, 2000);
  }
}
