// Release: what still stops release (the release gate), the disclosure
// bundle (build it, see its volumes and index, download them), the covering
// letter, and the release itself with its delivery route. The one-time
// password is shown once, with what to do with it (docs/web.md).
import { api } from '../api.js';
import { h, mount, plural, words, formatDate } from '../dom.js';
import { showErrors, checkbox, radios, textInput, field } from '../form.js';
import { reference, label } from '../reference.js';

const enc = encodeURIComponent;

function kb(bytes) {
  if (!bytes) return '';
  return bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function table(caption, headers, rows, attrs = {}) {
  return h('div', { class: 'app-table-scroll' }, h('table', { class: 'govuk-table', ...attrs },
    h('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, caption),
    h('thead', { class: 'govuk-table__head' }, h('tr', { class: 'govuk-table__row' }, headers.map((t) => h('th', { scope: 'col', class: 'govuk-table__header' }, t)))),
    h('tbody', { class: 'govuk-table__body' }, rows.map((cells) => h('tr', { class: 'govuk-table__row' }, cells.map((c) => h('td', { class: 'govuk-table__cell' }, c)))))));
}

const routes = [
  { value: 'secure_download', label: 'Secure download link' },
  { value: 'encrypted_email', label: 'Encrypted email attachment' },
  { value: 'post', label: 'Post (encrypted media or paper)' },
  { value: 'collection', label: 'Collected in person' },
  { value: 'supported_meeting', label: 'At a supported meeting' },
];

// The fields each route needs (ReleaseDelivery in docs/openapi.yaml).
function routeFields(route) {
  switch (route) {
    case 'encrypted_email':
      return [field({ id: 'delivery-to', label: 'Email address', hint: 'The message never holds the password.', input: textInput('delivery-to', { type: 'email' }) })];
    case 'post':
      return [radios('delivery-medium', 'What is posted', [{ value: 'encrypted_media', label: 'Encrypted media (USB or disc)' }, { value: 'paper', label: 'Paper' }], { value: 'encrypted_media' }),
        field({ id: 'delivery-tracking', label: 'Tracking reference', input: textInput('delivery-tracking') })];
    case 'collection':
      return [field({ id: 'delivery-collected-by', label: 'Collected by', input: textInput('delivery-collected-by') }),
        field({ id: 'delivery-id-document', label: 'Identity document seen', hint: 'For example "passport".', input: textInput('delivery-id-document') }),
        h('div', { class: 'govuk-form-group' }, h('div', { class: 'govuk-checkboxes govuk-checkboxes--small' }, checkbox('delivery-id-checked', 'I checked their identity')))];
    case 'supported_meeting':
      return [field({ id: 'delivery-held-on', label: 'Date of the meeting', hint: 'For example 2026-12-01.', input: textInput('delivery-held-on', { width: 'govuk-input--width-10' }) }),
        field({ id: 'delivery-attendees', label: 'Who attended', hint: 'Names separated by commas.', input: textInput('delivery-attendees') })];
    default:
      return [];
  }
}

function deliveryBody(route, form) {
  const v = (id) => (form.querySelector(`#${id}`)?.value || '').trim();
  const body = { route };
  if (route === 'encrypted_email') body.to = v('delivery-to');
  if (route === 'post') {
    body.medium = form.querySelector('input[name="delivery-medium"]:checked')?.value || 'encrypted_media';
    body.tracking_reference = v('delivery-tracking');
  }
  if (route === 'collection') {
    body.collected_by = v('delivery-collected-by');
    body.id_document = v('delivery-id-document');
    body.id_checked = !!form.querySelector('#delivery-id-checked')?.checked;
  }
  if (route === 'supported_meeting') {
    body.held_on = v('delivery-held-on');
    body.attendees = v('delivery-attendees').split(',').map((s) => s.trim()).filter(Boolean);
  }
  if (v('delivery-note')) body.note = v('delivery-note');
  return body;
}

export async function renderRelease(ctx, ref) {
  const optional = (p) => p.then((data) => ({ data }), (error) => { if (error.status === 401) throw error; return { error }; });
  const [c, refData, latest, releases, letter] = await Promise.all([
    api.caseView(ref), reference(), optional(api.get(`/api/cases/${enc(ref)}/bundle/latest`)),
    optional(api.get(`/api/cases/${enc(ref)}/releases`)),
    optional(api.post(`/api/cases/${enc(ref)}/letters/preview`, { kind: 'release_cover' }))]);
  if (ctx.stale()) return;
  const errorBox = h('div');
  const status = h('div', { role: 'status', id: 'release-status', class: 'app-status' });
  const bundle = latest.data || null;
  const blockers = c.release_blockers || (c.checks && c.checks.blockers) || [];
  const released = releases.data ? releases.data.releases : [];

  // The bundle: build it (without blocking the page), then its volumes and index.
  const order = radios('bundle-order', 'Order of the documents', [
    { value: 'source', label: 'As collected' }, { value: 'date', label: 'Oldest document first' }], { value: 'source', inline: true });
  const buildForm = h('form', { novalidate: true, id: 'bundle-form' },
    order,
    h('div', { class: 'govuk-form-group' }, h('div', { class: 'govuk-checkboxes govuk-checkboxes--small' },
      checkbox('bundle-chronology', 'Add a chronology of the dates in the pages'),
      checkbox('bundle-letter', 'Put the covering letter first', { checked: true }))),
    h('button', { type: 'submit', class: 'govuk-button govuk-button--secondary', id: 'build-bundle' }, bundle ? 'Build the bundle again' : 'Build the bundle'));
  const progress = h('div', { id: 'bundle-progress' });
  buildForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = buildForm.querySelector('#build-bundle');
    button.disabled = true;
    const started = Date.now();
    const bar = h('progress', { class: 'app-progress', 'aria-label': 'Building the bundle' });
    const text = h('p', { class: 'govuk-body' }, 'Building the bundle. You can keep working on this page.');
    mount(progress, text, bar);
    // The server says how far it has got (GET /bundle/progress): pages
    // written of the records' pages, and an estimate of the time left.
    const timer = setInterval(async () => {
      let p = null;
      try { p = await api.get(`/api/cases/${enc(ref)}/bundle/progress`); } catch { p = null; }
      const so_far = Math.round((Date.now() - started) / 1000);
      if (p && p.running && p.pages_total > 0) {
        bar.max = p.pages_total;
        bar.value = p.pages_done;
        const left = p.seconds_left == null ? '' : ` About ${plural(Math.max(1, Math.round(p.seconds_left)), 'second')} left.`;
        text.textContent = `Building the bundle: ${p.pages_done} of ${plural(p.pages_total, 'page')} done.${left} You can keep working on this page.`;
      } else {
        text.textContent = `Building the bundle: ${so_far} seconds so far. You can keep working on this page.`;
      }
    }, 1000);
    const body = { order: buildForm.querySelector('input[name="bundle-order"]:checked')?.value || 'source' };
    if (buildForm.querySelector('#bundle-chronology').checked) body.chronology = true;
    if (buildForm.querySelector('#bundle-letter').checked) body.covering_letter = 'generate';
    try {
      const built = await api.post(`/api/cases/${enc(ref)}/bundle`, body);
      clearInterval(timer);
      if (ctx.stale()) return;
      ctx.navigate(`/cases/${enc(ref)}/release?built=${built.id}`, { replace: true });
    } catch (err) {
      clearInterval(timer);
      mount(progress);
      button.disabled = false;
      showErrors(errorBox, [{ id: 'build-bundle', message: err.message }]);
    }
  });

  const bundleSection = h('section', { class: 'app-section', 'aria-labelledby': 'bundle-heading' },
    h('h2', { class: 'govuk-heading-m', id: 'bundle-heading' }, 'The bundle'),
    bundle ? [
      h('p', { class: 'govuk-body', id: 'bundle-summary' },
        `Bundle ${bundle.id}, built by ${bundle.built_by} on ${formatDate((bundle.built_at || '').slice(0, 10))}: ` +
        `${plural(bundle.pages, 'page')} in ${plural(bundle.volumes.length, 'volume')}. `,
        bundle.current === false
          ? h('strong', { class: 'govuk-tag govuk-tag--red', id: 'bundle-stale' }, 'Out of date: the redactions changed, build it again')
          : h('strong', { class: 'govuk-tag govuk-tag--green', id: 'bundle-current' }, 'Up to date')),
      table('Volumes', ['Volume', 'Pages', 'Size', 'Download'], bundle.volumes.map((v) => [
        String(v.volume), String(v.pages), kb(v.bytes),
        h('a', { class: 'govuk-link', href: `/api/cases/${enc(ref)}/bundle/${bundle.id}/volumes/${v.volume}.pdf`, download: `${ref}-volume-${v.volume}.pdf` },
          `Download volume ${v.volume}`, h('span', { class: 'govuk-visually-hidden' }, ' (PDF, not encrypted, for checking)'))]), { id: 'volume-table' }),
      table('Index', ['Document', 'Volume', 'Pages', 'Redacted'], (bundle.documents || []).map((d) => [
        d.filename, String(d.volume), `${d.first_page} to ${d.last_page}`, d.redacted ? 'Yes' : 'No']), { id: 'bundle-index' }),
    ] : h('p', { class: 'govuk-body', id: 'bundle-summary' }, latest.error && latest.error.status !== 404 ? `The bundle could not be shown: ${latest.error.message}` : 'No bundle has been built yet.'),
    buildForm, progress);

  // The covering letter, as it would be sent today.
  const letterSection = h('section', { class: 'app-section', 'aria-labelledby': 'letter-heading' },
    h('h2', { class: 'govuk-heading-m', id: 'letter-heading' }, 'Covering letter'),
    letter.data
      ? [h('p', { class: 'govuk-body' }, `To ${letter.data.recipient_name}, dated ${letter.data.date}. It goes first in the bundle when you tick "Put the covering letter first".`),
        h('pre', { class: 'app-letter', id: 'letter-preview', tabindex: '0', 'aria-label': 'The covering letter' }, letter.data.text || letter.data.body)]
      : h('p', { class: 'govuk-body' }, `The letter cannot be written yet: ${letter.error.message}`));

  // Release: the route and its record; the password shown once.
  const routeRadios = radios('delivery-route', 'How will the requester get it?', routes, { value: 'secure_download' });
  const routeDetail = h('div', { id: 'delivery-fields', class: 'app-conditional' });
  const outcome = h('select', { class: 'govuk-select', id: 'release-outcome' },
    ['disclosed_in_part', 'disclosed_in_full', 'withheld'].map((o) => h('option', { value: o }, label(refData, 'outcome', o))));
  const releaseForm = h('form', { novalidate: true, id: 'release-form' },
    routeRadios, routeDetail,
    field({ id: 'release-outcome', label: 'Outcome', input: outcome }),
    field({ id: 'delivery-note', label: 'Note (optional)', input: textInput('delivery-note') }),
    h('button', { type: 'submit', class: 'govuk-button', id: 'release-button', disabled: blockers.length ? true : undefined }, 'Release the bundle'));
  const showRouteFields = () => {
    const route = releaseForm.querySelector('input[name="delivery-route"]:checked')?.value;
    mount(routeDetail, routeFields(route));
  };
  routeRadios.addEventListener('change', showRouteFields);
  showRouteFields();
  const outcomeBox = h('div', { id: 'release-outcome-box' });
  releaseForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const route = releaseForm.querySelector('input[name="delivery-route"]:checked')?.value;
    const body = { delivery: deliveryBody(route, releaseForm), outcome: outcome.value };
    if (bundle) body.bundle_id = bundle.id;
    try {
      const r = await api.post(`/api/cases/${enc(ref)}/releases`, body);
      showErrors(errorBox, []);
      mount(outcomeBox, h('div', { class: 'govuk-panel govuk-panel--confirmation', id: 'release-panel' },
        h('h2', { class: 'govuk-panel__title' }, 'Bundle released'),
        h('div', { class: 'govuk-panel__body' }, 'The password is', h('br'), h('strong', { id: 'release-password', class: 'app-password' }, r.password))),
      h('div', { class: 'govuk-warning-text' }, h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
        h('strong', { class: 'govuk-warning-text__text' }, h('span', { class: 'govuk-visually-hidden' }, 'Warning: '),
          'This is the only time sardesk shows the password. ', h('span', { id: 'password-instruction' }, r.password_instruction || 'Give it by telephone or a separate message, never with the file.'))),
      h('p', { class: 'govuk-body' }, h('a', { class: 'govuk-link', id: 'release-download', href: `/api/cases/${enc(ref)}/releases/${r.id}/file`, download: '' }, `Download the encrypted file (${r.kind === 'zip' ? 'zip' : 'PDF'}, ${kb(r.file_bytes)})`)),
      h('p', { class: 'govuk-body' }, h('a', { class: 'govuk-link', href: `/cases/${enc(ref)}` }, 'Back to the request')));
      releaseForm.remove();
      outcomeBox.querySelector('h2').setAttribute('tabindex', '-1');
      outcomeBox.querySelector('h2').focus();
    } catch (err) {
      showErrors(errorBox, [{ id: 'release-button', message: err.message }]);
    }
  });

  const params = new URLSearchParams(location.search);
  mount(ctx.main, errorBox, status,
    params.get('built') ? h('div', { class: 'govuk-notification-banner govuk-notification-banner--success', role: 'alert', id: 'built-banner' },
      h('div', { class: 'govuk-notification-banner__content' }, h('p', { class: 'govuk-notification-banner__heading' }, `Bundle ${params.get('built')} built`))) : null,
    h('span', { class: 'govuk-caption-l' }, h('a', { class: 'govuk-link', href: `/cases/${enc(ref)}` }, `${c.reference}: ${c.subject.name}`)),
    h('h1', { class: 'govuk-heading-l' }, 'Release'),
    h('p', { class: 'govuk-body' }, 'Status: ', h('strong', { class: 'govuk-tag', id: 'release-case-status' }, label(refData, 'status', c.status))),
    h('section', { class: 'app-section', 'aria-labelledby': 'gate-heading' },
      h('h2', { class: 'govuk-heading-m', id: 'gate-heading' }, 'What stops release'),
      blockers.length
        ? h('ul', { class: 'govuk-list govuk-list--bullet', id: 'release-blockers' }, blockers.map((b) => h('li', {}, b)))
        : h('p', { class: 'govuk-body', id: 'release-blockers' }, 'Nothing stops release.')),
    bundleSection,
    letterSection,
    h('section', { class: 'app-section', 'aria-labelledby': 'release-heading' },
      h('h2', { class: 'govuk-heading-m', id: 'release-heading' }, 'Release it'),
      blockers.length ? h('p', { class: 'govuk-body' }, 'You can release once nothing above stops it.') : null,
      h('p', { class: 'govuk-body' }, 'sardesk encrypts the bundle with a new password, records how it was sent and closes the request as released.'),
      outcomeBox, releaseForm),
    h('section', { class: 'app-section', 'aria-labelledby': 'releases-heading' },
      h('h2', { class: 'govuk-heading-m', id: 'releases-heading' }, 'Earlier releases'),
      released.length
        ? table('Releases', ['Release', 'Made', 'Deliveries', 'File'], released.map((r) => [
            String(r.id), `${formatDate((r.created_at || '').slice(0, 10))} by ${r.created_by}`,
            (r.deliveries || []).map((d) => `${words(d.route)} on ${formatDate((d.delivered_at || '').slice(0, 10))}`).join('; ') || 'None',
            h('a', { class: 'govuk-link', href: `/api/cases/${enc(ref)}/releases/${r.id}/file`, download: '' }, 'Download', h('span', { class: 'govuk-visually-hidden' }, ` release ${r.id}`))]), { id: 'release-list' })
        : h('p', { class: 'govuk-body' }, 'Not released yet.')));
  ctx.pageReady('Release');
}
