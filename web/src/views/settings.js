// Settings for IG managers: the council's region and thresholds, service
// areas and their contacts, the staff directory, the exemption catalogue
// and its redaction labels, letter templates and bank holidays. Each form
// saves one thing through its own API route and says what happened.
import { api } from '../api.js';
import { h, mount, formatDate, words } from '../dom.js';
import { showErrors, field, textInput, select, checkbox } from '../form.js';

const regions = [
  { value: 'england-and-wales', label: 'England and Wales' },
  { value: 'scotland', label: 'Scotland' },
  { value: 'northern-ireland', label: 'Northern Ireland' },
];
const roles = ['ig_officer', 'ig_manager', 'qa_reviewer', 'service_area_contact', 'social_worker_adviser', 'dpo', 'administrator'];

function table(id, caption, headers, rows) {
  return h('div', { class: 'app-table-scroll' }, h('table', { class: 'govuk-table', id },
    h('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, caption),
    h('thead', { class: 'govuk-table__head' }, h('tr', { class: 'govuk-table__row' }, headers.map((t) => h('th', { scope: 'col', class: 'govuk-table__header' }, t)))),
    h('tbody', { class: 'govuk-table__body' }, rows.map((cells) => h('tr', { class: 'govuk-table__row' }, cells.map((c) => h('td', { class: 'govuk-table__cell' }, c)))))));
}

function section(id, title, ...content) {
  return h('section', { class: 'app-section', 'aria-labelledby': id }, h('h2', { class: 'govuk-heading-m', id }, title), ...content);
}

function numberInput(id, value) {
  return textInput(id, { width: 'govuk-input--width-5', value: value === undefined ? '' : String(value) });
}

export async function renderSettings(ctx) {
  const optional = (p) => p.then((data) => ({ data }), (error) => { if (error.status === 401) throw error; return { error }; });
  const [settings, areas, users, catalogue, letters] = await Promise.all([
    api.get('/api/settings'), optional(api.get('/api/service-areas')), optional(api.get('/api/users')),
    api.exemptions(), optional(api.get('/api/letter-templates'))]);
  const user = ctx.user() || {};
  const [holidays, oidc] = await Promise.all([
    optional(api.get(`/api/holidays?region=${encodeURIComponent(settings.region)}`)),
    user.role === 'administrator' ? optional(api.get('/api/settings/oidc')) : Promise.resolve(null)]);
  if (ctx.stale()) return;
  const errorBox = h('div');
  const params = new URLSearchParams(location.search);
  const saved = (what) => ctx.navigate(`/settings?saved=${encodeURIComponent(what)}`, { replace: true });
  const failed = (id) => (err) => showErrors(errorBox, [{ id, message: err.message }]);
  const form = (id, onSubmit, ...children) => {
    const f = h('form', { novalidate: true, id }, ...children);
    f.addEventListener('submit', (event) => { event.preventDefault(); onSubmit(f); });
    return f;
  };
  const val = (f, name) => (f.querySelector(`#${name}`)?.value || '').trim();
  const int = (f, name) => Number(val(f, name));

  // The council: region and thresholds.
  const t = settings.stage_targets || {};
  const councilForm = form('settings-form', async (f) => {
    const patch = {
      organisation: val(f, 'set-organisation'), region: val(f, 'set-region'),
      repeat_interval_days: int(f, 'set-repeat'), extension_suggest_pages: int(f, 'set-extension-pages'),
      narrow_scope_pages: int(f, 'set-narrow-pages'), bundle_volume_pages: int(f, 'set-volume-pages'),
      search_deadline_days: int(f, 'set-search-days'), escalation_days: int(f, 'set-escalation-days'),
      stage_targets: Object.fromEntries(['validate', 'search', 'collate', 'redact', 'qa', 'release'].map((s) => [s, int(f, `set-target-${s}`)])),
    };
    const bad = Object.entries(patch).find(([, v]) => typeof v === 'number' && !Number.isInteger(v));
    if (bad) return showErrors(errorBox, [{ message: `${words(bad[0])} must be a whole number` }]);
    try {
      await api.patch('/api/settings', patch);
      saved('The council settings');
    } catch (err) {
      failed('set-organisation')(err);
    }
  },
  field({ id: 'set-organisation', label: 'Council name', input: textInput('set-organisation', { value: settings.organisation }) }),
  field({ id: 'set-region', label: 'Region (for bank holidays)', input: select('set-region', regions, { value: settings.region }) }),
  field({ id: 'set-repeat', label: 'Days within which a similar request is flagged as a repeat', input: numberInput('set-repeat', settings.repeat_interval_days) }),
  field({ id: 'set-extension-pages', label: 'Pages above which an extension is suggested', input: numberInput('set-extension-pages', settings.extension_suggest_pages) }),
  field({ id: 'set-narrow-pages', label: 'Pages above which the requester is asked to narrow the request', input: numberInput('set-narrow-pages', settings.narrow_scope_pages) }),
  field({ id: 'set-volume-pages', label: 'Pages in one volume of the bundle', input: numberInput('set-volume-pages', settings.bundle_volume_pages) }),
  field({ id: 'set-search-days', label: 'Working days a service area has to search', input: numberInput('set-search-days', settings.search_deadline_days) }),
  field({ id: 'set-escalation-days', label: 'Working days after a reminder before escalating', input: numberInput('set-escalation-days', settings.escalation_days) }),
  h('fieldset', { class: 'govuk-fieldset' }, h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, 'Target days for each stage'),
    h('div', { class: 'app-filters' }, ['validate', 'search', 'collate', 'redact', 'qa', 'release'].map((s) =>
      field({ id: `set-target-${s}`, label: words(s === 'qa' ? 'quality check' : s), input: numberInput(`set-target-${s}`, t[s]) })))),
  h('button', { type: 'submit', class: 'govuk-button' }, 'Save the council settings'));

  // Service areas and their single points of contact.
  const areaList = areas.data ? areas.data.service_areas : [];
  const areaForm = form('area-form', async (f) => {
    const body = { id: val(f, 'area-id'), name: val(f, 'area-name'), contact_name: val(f, 'area-contact'), contact_email: val(f, 'area-email') };
    const missing = [['area-id', 'Enter a short id, like childrens'], ['area-name', 'Enter the service area\'s name'], ['area-contact', 'Enter the contact\'s name'], ['area-email', 'Enter the contact\'s email address']]
      .filter(([id]) => !val(f, id)).map(([id, message]) => ({ id, message }));
    if (missing.length) return showErrors(errorBox, missing);
    try {
      await api.post('/api/service-areas', body);
      saved(`The service area ${body.name}`);
    } catch (err) {
      failed('area-id')(err);
    }
  },
  h('h3', { class: 'govuk-heading-s' }, 'Add a service area, or change one (same id)'),
  field({ id: 'area-id', label: 'Id', hint: 'Lower-case letters, for example adults', input: textInput('area-id', { width: 'govuk-input--width-10' }) }),
  field({ id: 'area-name', label: 'Name', input: textInput('area-name') }),
  field({ id: 'area-contact', label: 'Single point of contact', input: textInput('area-contact') }),
  field({ id: 'area-email', label: 'Their email address', input: textInput('area-email', { type: 'email' }) }),
  h('button', { type: 'submit', class: 'govuk-button govuk-button--secondary' }, 'Save the service area'));

  // Staff: everyone sees the directory they may see; only an administrator adds.
  const userList = users.data ? users.data.users || [] : [];
  const userForm = user.role === 'administrator' ? form('user-form', async (f) => {
    const body = { username: val(f, 'user-username'), display_name: val(f, 'user-name'), role: val(f, 'user-role'), email: val(f, 'user-email') };
    try {
      await api.post('/api/users', body);
      saved(`The account ${body.username}`);
    } catch (err) {
      failed('user-username')(err);
    }
  },
  h('h3', { class: 'govuk-heading-s' }, 'Add a member of staff, or change one'),
  field({ id: 'user-username', label: 'Username', input: textInput('user-username', { width: 'govuk-input--width-20' }) }),
  field({ id: 'user-name', label: 'Full name', input: textInput('user-name') }),
  field({ id: 'user-role', label: 'Role', input: select('user-role', roles.map((r) => ({ value: r, label: words(r) }))) }),
  field({ id: 'user-email', label: 'Email address', input: textInput('user-email', { type: 'email' }) }),
  h('button', { type: 'submit', class: 'govuk-button govuk-button--secondary' }, 'Save the account')) : h('p', { class: 'govuk-body' }, 'Only an administrator can add or change accounts.');

  // The exemption catalogue and the labels drawn in redaction boxes.
  const exemptionForm = form('exemption-form', async (f) => {
    const body = { code: val(f, 'ex-code') };
    for (const [key, id] of [['name', 'ex-name'], ['label', 'ex-label'], ['short_label', 'ex-short'], ['explanation', 'ex-explanation'], ['basis', 'ex-basis']]) if (val(f, id)) body[key] = val(f, id);
    if (!body.code) return showErrors(errorBox, [{ id: 'ex-code', message: 'Enter the exemption\'s code' }]);
    try {
      await api.post('/api/exemptions', body);
      saved(`The exemption ${body.code}`);
    } catch (err) {
      failed('ex-code')(err);
    }
  },
  h('h3', { class: 'govuk-heading-s' }, 'Add an exemption, or change one'),
  h('p', { class: 'govuk-body-s' }, 'For an existing code, only the fields you fill in change. A new code needs them all.'),
  field({ id: 'ex-code', label: 'Code', hint: 'Lower-case letters, digits and _, for example health_data', input: textInput('ex-code', { width: 'govuk-input--width-20' }) }),
  field({ id: 'ex-name', label: 'Name', input: textInput('ex-name') }),
  field({ id: 'ex-label', label: 'Label drawn in the redaction box', input: textInput('ex-label') }),
  field({ id: 'ex-short', label: 'Short label for small boxes', hint: 'At most 4 characters', input: textInput('ex-short', { width: 'govuk-input--width-4' }) }),
  field({ id: 'ex-explanation', label: 'Plain-English explanation', input: textInput('ex-explanation') }),
  field({ id: 'ex-basis', label: 'Legal basis', input: textInput('ex-basis') }),
  h('button', { type: 'submit', class: 'govuk-button govuk-button--secondary' }, 'Save the exemption'));

  // Letter templates.
  const templates = letters.data ? letters.data.templates || [] : [];
  const kindSelect = select('tpl-kind', templates.map((x) => ({ value: x.kind, label: x.label || words(x.kind) })));
  const subject = textInput('tpl-subject');
  const body = h('textarea', { class: 'govuk-textarea app-template', id: 'tpl-body', name: 'tpl-body', rows: '12', 'aria-describedby': 'tpl-body-hint' });
  const showTemplate = () => {
    const x = templates.find((y) => y.kind === kindSelect.value);
    subject.value = x ? x.subject || '' : '';
    body.value = x ? x.body || '' : '';
  };
  kindSelect.addEventListener('change', showTemplate);
  showTemplate();
  const templateForm = letters.data ? form('template-form', async (f) => {
    try {
      await api.post('/api/letter-templates', { kind: kindSelect.value, subject: val(f, 'tpl-subject'), body: f.querySelector('#tpl-body').value });
      saved(`The ${kindSelect.selectedOptions[0].textContent.toLowerCase()} template`);
    } catch (err) {
      failed('tpl-body')(err);
    }
  },
  field({ id: 'tpl-kind', label: 'Letter', input: kindSelect }),
  field({ id: 'tpl-subject', label: 'Subject', input: subject }),
  h('div', { class: 'govuk-form-group', id: 'tpl-body-group' }, h('label', { class: 'govuk-label', for: 'tpl-body' }, 'Text'),
    h('div', { class: 'govuk-hint', id: 'tpl-body-hint' }, 'Fields in double braces are filled in from the request: ',
      (letters.data.fields || []).map((x) => `{{${x.name}}}`).join(', ')), body),
  h('button', { type: 'submit', class: 'govuk-button govuk-button--secondary' }, 'Save the template')) : h('p', { class: 'govuk-body' }, `Letter templates cannot be shown: ${letters.error.message}`);

  // Bank holidays of the council's region.
  const holidayForm = form('holiday-form', async (f) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(val(f, 'hol-date'))) return showErrors(errorBox, [{ id: 'hol-date', message: 'Enter the date like 2026-06-08' }]);
    if (!val(f, 'hol-title')) return showErrors(errorBox, [{ id: 'hol-title', message: 'Enter the holiday\'s name' }]);
    try {
      const r = await api.post('/api/holidays', { region: settings.region, date: val(f, 'hol-date'), title: val(f, 'hol-title') });
      const moved = r && Array.isArray(r.moved) ? r.moved.length : r && Array.isArray(r.affected) ? r.affected.length : null;
      saved(`The bank holiday${moved === null ? '' : `; ${moved} open requests have new due dates`}`);
    } catch (err) {
      failed('hol-date')(err);
    }
  },
  h('h3', { class: 'govuk-heading-s' }, 'Add a newly announced bank holiday'),
  field({ id: 'hol-date', label: 'Date', hint: 'For example 2026-06-08', input: textInput('hol-date', { width: 'govuk-input--width-10' }) }),
  field({ id: 'hol-title', label: 'Name', input: textInput('hol-title') }),
  h('button', { type: 'submit', class: 'govuk-button govuk-button--secondary' }, 'Add the bank holiday'));
  const today = new Date().toISOString().slice(0, 10);
  const upcoming = holidays.data ? holidays.data.holidays.filter((x) => x.date >= today).slice(0, 12) : [];

  // Sign-in with the council's identity provider (OpenID Connect,
  // docs/accounts.md), administrators only. The client secret is write-only:
  // the page says whether one is set and never holds its value.
  let oidcSection = null;
  if (oidc && oidc.error) {
    oidcSection = section('oidc-heading', 'Sign-in with council accounts',
      h('p', { class: 'govuk-body', id: 'oidc-unavailable' }, `These settings cannot be shown: ${oidc.error.message}`));
  } else if (oidc) {
    const o = oidc.data;
    const oidcForm = form('oidc-form', async (f) => {
      const patch = {
        enabled: f.querySelector('#oidc-enabled').checked,
        issuer: val(f, 'oidc-issuer'), client_id: val(f, 'oidc-client-id'), redirect_uri: val(f, 'oidc-redirect'),
        scopes: val(f, 'oidc-scopes'), username_claim: val(f, 'oidc-claim'), button_label: val(f, 'oidc-label'),
        local_passwords: f.querySelector('#oidc-local-passwords').checked,
      };
      const secret = f.querySelector('#oidc-secret').value;
      if (secret) patch.client_secret = secret;
      if (f.querySelector('#oidc-secret-remove')?.checked) patch.client_secret = '';
      try {
        await api.patch('/api/settings/oidc', patch);
        saved('The council sign-in settings');
      } catch (err) {
        failed('oidc-issuer')(err);
      }
    },
    h('div', { class: 'govuk-form-group' }, h('div', { class: 'govuk-checkboxes govuk-checkboxes--small' },
      checkbox('oidc-enabled', 'Offer "Sign in with your council account"', { checked: o.enabled, hint: 'Needs the issuer, the client id and the redirect address.' }),
      checkbox('oidc-local-passwords', 'Staff may also sign in with a sardesk password', { checked: o.local_passwords, hint: 'When off, only administrators can still use a password, so one can fix these settings if the provider fails.' }))),
    field({ id: 'oidc-issuer', label: 'Issuer', hint: 'The provider\'s issuer address, for example https://login.microsoftonline.com/TENANT/v2.0', input: textInput('oidc-issuer', { value: o.issuer, type: 'url' }) }),
    field({ id: 'oidc-client-id', label: 'Client id', hint: 'The application (client) id registered with the provider', input: textInput('oidc-client-id', { value: o.client_id }) }),
    field({ id: 'oidc-secret', label: 'Client secret', hint: o.client_secret_set
      ? 'A client secret is set. It is never shown. Leave this blank to keep it, or enter a new one to replace it.'
      : 'No client secret is set. Enter one, or leave blank for a public client.',
      input: textInput('oidc-secret', { type: 'password', autocomplete: 'new-password' }) }),
    o.client_secret_set ? h('div', { class: 'govuk-form-group' }, h('div', { class: 'govuk-checkboxes govuk-checkboxes--small' },
      checkbox('oidc-secret-remove', 'Remove the client secret'))) : null,
    field({ id: 'oidc-redirect', label: 'Redirect address', hint: "sardesk's public address followed by /api/session/oidc/callback", input: textInput('oidc-redirect', { value: o.redirect_uri, type: 'url' }) }),
    field({ id: 'oidc-scopes', label: 'Scopes', hint: 'Separated by spaces; must include openid', input: textInput('oidc-scopes', { value: o.scopes }) }),
    field({ id: 'oidc-claim', label: 'Claim holding the sardesk username', hint: 'For example preferred_username, email or upn', input: textInput('oidc-claim', { value: o.username_claim, width: 'govuk-input--width-20' }) }),
    field({ id: 'oidc-label', label: 'Text of the sign-in button', input: textInput('oidc-label', { value: o.button_label }) }),
    h('button', { type: 'submit', class: 'govuk-button govuk-button--secondary' }, 'Save the council sign-in settings'));
    oidcSection = section('oidc-heading', 'Sign-in with council accounts',
      h('p', { class: 'govuk-body', id: 'oidc-status' }, o.enabled ? 'Council sign-in is on.' : 'Council sign-in is off.',
        ' ', o.client_secret_set ? 'A client secret is set.' : 'No client secret is set.'),
      oidcForm);
  }

  const canEdit = user.role === 'ig_manager' || user.role === 'administrator';
  mount(ctx.main, errorBox,
    params.get('saved') ? h('div', { class: 'govuk-notification-banner govuk-notification-banner--success', role: 'alert', id: 'saved-banner' },
      h('div', { class: 'govuk-notification-banner__content' }, h('p', { class: 'govuk-notification-banner__heading' }, `${params.get('saved')} saved`))) : null,
    h('h1', { class: 'govuk-heading-l' }, 'Settings'),
    canEdit ? null : h('div', { class: 'govuk-inset-text' }, 'You can see the settings. Only an IG manager can change them.'),
    h('nav', { 'aria-label': 'Settings sections' }, h('ul', { class: 'govuk-list' },
      [['council-heading', 'Council and thresholds'], ['areas-heading', 'Service areas'], ['staff-heading', 'Staff'], ['exemptions-heading', 'Exemptions and redaction labels'],
        ['letters-heading', 'Letter templates'], ['holidays-heading', 'Bank holidays'], ...(oidcSection ? [['oidc-heading', 'Sign-in with council accounts']] : [])].map(([id, text]) => h('li', {}, h('a', { class: 'govuk-link', href: `#${id}` }, text))))),
    section('council-heading', 'Council and thresholds', canEdit ? councilForm : table('settings-table', 'Council settings', ['Setting', 'Value'],
      [['Council', settings.organisation], ['Region', settings.region]])),
    section('areas-heading', 'Service areas',
      table('area-table', 'Service areas and their contacts', ['Id', 'Name', 'Contact', 'Email'], areaList.map((a) => [a.id, a.name, a.contact_name, a.contact_email])),
      canEdit ? areaForm : null),
    section('staff-heading', 'Staff',
      users.error ? h('p', { class: 'govuk-body' }, `The staff directory cannot be shown: ${users.error.message}`)
        : table('staff-table', 'Staff directory', ['Username', 'Name', 'Role', 'Email', 'Active'], userList.map((u) => [u.username, u.display_name, words(u.role), u.email || '', u.active === false ? 'No' : 'Yes'])),
      userForm),
    section('exemptions-heading', 'Exemptions and redaction labels',
      table('exemption-table', 'Exemption catalogue', ['Code', 'Name', 'Label in the box', 'Short label'], catalogue.exemptions.map((e) => [e.code, e.name, e.label, e.short_label || ''])),
      canEdit ? exemptionForm : null),
    section('letters-heading', 'Letter templates', canEdit ? templateForm : h('p', { class: 'govuk-body' }, `${templates.length} letter templates.`)),
    section('holidays-heading', 'Bank holidays',
      h('p', { class: 'govuk-body' }, `The next bank holidays in ${(regions.find((r) => r.value === settings.region) || {}).label || settings.region}:`),
      table('holiday-table', 'Coming bank holidays', ['Date', 'Holiday'], upcoming.map((x) => [formatDate(x.date), x.title])),
      canEdit ? holidayForm : null),
    oidcSection);
  ctx.pageReady('Settings');
}
