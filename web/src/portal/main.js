// The requester portal (docs/portal.md): plain GOV.UK-style pages for a
// member of the public to ask for their records, follow the request, answer
// questions, send proof of identity and download the release once. Each page
// is a full page load under /portal; the session lives in an HttpOnly cookie
// and its CSRF token only in memory.
import { h, mount, formatDate } from '../dom.js';
import { field, textInput, textarea, radios, showErrors } from '../form.js';
import { api, ApiError } from './api.js';

const main = document.getElementById('main-content');
const header = document.getElementById('portal-header');
let session = null;

function title(text) {
  document.title = `${text} - Ask for your records`;
  return h('h1', { class: 'govuk-heading-l', tabindex: '-1' }, text);
}

function renderHeader() {
  mount(header, h('div', { class: 'govuk-width-container portal-header__inner' },
    h('a', { class: 'portal-header__service', href: '/portal' }, 'Ask for your records'),
    session ? h('div', {},
      h('a', { class: 'portal-header__link', href: '/portal/requests' }, 'Your requests'),
      h('button', { class: 'portal-header__signout', type: 'button', onclick: signOut }, 'Sign out')) : null));
}

async function signOut() {
  try { await api.del('/api/portal/session'); } catch { /* already ended */ }
  location.assign('/portal');
}

function errorBox() { return h('div', { id: 'error-box' }); }

function failed(box, err, id) {
  showErrors(box, [{ id, message: err instanceof ApiError ? err.message : 'Something went wrong. Try again.' }]);
  box.querySelector('.govuk-error-summary')?.focus();
}

function button(text, attrs = {}) {
  return h('button', { class: 'govuk-button', type: 'submit', 'data-module': 'govuk-button', ...attrs }, text);
}

function needSignIn() {
  location.assign(`/portal/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`);
}

// --- Start.
function startPage() {
  mount(main,
    title('Ask for the records we hold about you'),
    h('p', { class: 'govuk-body' }, 'You have the right to a copy of the personal information the council holds about you, including social care records. This is called a subject access request.'),
    h('p', { class: 'govuk-body' }, 'You can also ask for someone else’s records if you have their permission or the legal right to act for them.'),
    h('p', { class: 'govuk-body' }, 'We usually answer within one calendar month. We may ask you for proof of your identity first.'),
    h('a', { class: 'govuk-button govuk-button--start', href: '/portal/sign-in?next=/portal/new', role: 'button', draggable: 'false' }, 'Start now'),
    h('h2', { class: 'govuk-heading-m' }, 'Already asked?'),
    h('p', { class: 'govuk-body' }, h('a', { class: 'govuk-link', href: '/portal/sign-in?next=/portal/requests' }, 'Sign in to see your requests')));
}

// --- Sign in: email, then the code.
function signInPage() {
  const next = new URLSearchParams(location.search).get('next');
  const target = next && /^\/portal(\/[A-Za-z0-9/?=&_-]*)?$/.test(next) ? next : '/portal/requests';
  const box = errorBox();
  const emailForm = h('form', { novalidate: true },
    field({ id: 'email', label: 'Email address', hint: 'We will send a code to this address. You do not need a password.',
      input: textInput('email', { type: 'email', autocomplete: 'email', spellcheck: 'false' }) }),
    button('Send me a code'));
  mount(main, box, title('Sign in with your email address'), emailForm);
  emailForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const email = emailForm.querySelector('#email').value.trim();
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) return showErrors(box, [{ id: 'email', message: 'Enter an email address in the correct format, like name@example.com' }]);
    try {
      await api.post('/api/portal/session/code', { email });
    } catch (err) { return failed(box, err, 'email'); }
    showErrors(box, []);
    const codeForm = h('form', { novalidate: true },
      field({ id: 'code', label: 'Code', hint: `We sent a 6-digit code to ${email}. It works once, for 10 minutes.`,
        input: textInput('code', { autocomplete: 'one-time-code', width: 'govuk-input--width-10' }) }),
      button('Sign in'));
    codeForm.querySelector('#code').setAttribute('inputmode', 'numeric');
    mount(main, box, title('Check your email'), codeForm,
      h('p', { class: 'govuk-body' }, h('a', { class: 'govuk-link', href: location.pathname + location.search }, 'Use a different email address or send a new code')));
    codeForm.querySelector('#code').focus();
    codeForm.addEventListener('submit', async (e2) => {
      e2.preventDefault();
      const code = codeForm.querySelector('#code').value.replace(/\s/g, '');
      if (!/^\d{6}$/.test(code)) return showErrors(box, [{ id: 'code', message: 'Enter the 6-digit code from the email' }]);
      try {
        await api.post('/api/portal/session', { email, code });
        location.assign(target);
      } catch (err) { failed(box, err, 'code'); }
    });
  });
}

// --- Make a request.
function newRequestPage() {
  const box = errorBox();
  const form = h('form', { novalidate: true },
    h('h2', { class: 'govuk-heading-m' }, 'Whose records'),
    field({ id: 'subject-name', label: 'Full name of the person the records are about', input: textInput('subject-name', { autocomplete: 'name' }) }),
    field({ id: 'subject-dob', label: 'Their date of birth', hint: 'For example, 1990-02-27', input: textInput('subject-dob', { type: 'date', width: 'govuk-input--width-10' }) }),
    field({ id: 'former-names', label: 'Other names they have used (optional)', hint: 'For example, a name before marriage or a name used in care', input: textInput('former-names') }),
    field({ id: 'address', label: 'Their address (optional)', input: textarea('address', 3) }),
    field({ id: 'postcode', label: 'Postcode (optional)', input: textInput('postcode', { width: 'govuk-input--width-10', autocomplete: 'postal-code' }) }),
    radios('relationship', 'Who is asking?', [
      { value: 'self', label: 'I am asking for my own records' },
      { value: 'parental_responsibility', label: 'I am a parent or have parental responsibility' },
      { value: 'solicitor', label: 'I am a solicitor acting for them' },
      { value: 'attorney', label: 'I have a power of attorney' },
      { value: 'other', label: 'Someone else acting for them' },
    ], { value: 'self' }),
    field({ id: 'requester-name', label: 'Your name, if you are asking for someone else', input: textInput('requester-name', { autocomplete: 'name' }) }),
    field({ id: 'phone', label: 'Your telephone number (optional)', hint: 'We can text you a code to download your records, and call you with the password for the file', input: textInput('phone', { type: 'tel', autocomplete: 'tel', width: 'govuk-input--width-20' }) }),
    h('h2', { class: 'govuk-heading-m' }, 'What you want'),
    field({ id: 'information', label: 'What information do you want?', hint: 'For example, my social care records from when I was in care, 2005 to 2010', input: textarea('information', 5) }),
    button('Send your request'));
  mount(main, box, title('Make a request'), form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = (id) => form.querySelector(`#${id}`).value.trim();
    const relationship = form.querySelector('input[name=relationship]:checked')?.value || 'self';
    const errors = [];
    if (!v('subject-name')) errors.push({ id: 'subject-name', message: 'Enter the full name of the person the records are about' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v('subject-dob'))) errors.push({ id: 'subject-dob', message: 'Enter their date of birth, like 1990-02-27' });
    if (relationship !== 'self' && !v('requester-name')) errors.push({ id: 'requester-name', message: 'Enter your name' });
    if (!v('information')) errors.push({ id: 'information', message: 'Enter what information you want' });
    showErrors(box, errors);
    if (errors.length) return box.querySelector('.govuk-error-summary')?.focus();
    const body = {
      subject: { name: v('subject-name'), dob: v('subject-dob') },
      requester: { relationship },
      information_requested: v('information'),
    };
    if (v('former-names')) body.subject.former_names = v('former-names');
    if (v('address')) body.subject.address = v('address');
    if (v('postcode')) body.subject.postcode = v('postcode');
    if (relationship !== 'self') body.requester.name = v('requester-name');
    if (v('phone')) body.requester.phone = v('phone');
    try {
      const made = await api.post('/api/portal/requests', body);
      location.assign(`/portal/requests/${encodeURIComponent(made.reference)}?made=1`);
    } catch (err) { failed(box, err, 'information'); }
  });
}

// --- Your requests.
async function myRequestsPage() {
  const mine = await api.get('/api/portal/requests');
  mount(main, title('Your requests'),
    h('p', { class: 'govuk-body' }, `Signed in as ${mine.email}.`),
    mine.requests.length === 0
      ? h('p', { class: 'govuk-body', id: 'no-requests' }, 'You have no requests yet. If you asked by letter or telephone, we can add it here: tell us this email address.')
      : h('table', { class: 'govuk-table', id: 'request-table' },
        h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, 'Your requests'),
        h('thead', { class: 'govuk-table__head' }, h('tr', { class: 'govuk-table__row' },
          ['Reference', 'Received', 'Where it is', 'Due by'].map((t) => h('th', { class: 'govuk-table__header', scope: 'col' }, t)))),
        h('tbody', { class: 'govuk-table__body' }, mine.requests.map((r) => h('tr', { class: 'govuk-table__row' },
          h('td', { class: 'govuk-table__cell' }, h('a', { class: 'govuk-link', href: `/portal/requests/${encodeURIComponent(r.reference)}` }, r.reference)),
          h('td', { class: 'govuk-table__cell' }, formatDate(r.received)),
          h('td', { class: 'govuk-table__cell' }, r.progress),
          h('td', { class: 'govuk-table__cell' }, r.due ? formatDate(r.due) : r.due_note))))),
    h('a', { class: 'govuk-button govuk-button--secondary', href: '/portal/new', role: 'button' }, 'Make a new request'));
}

// --- One request.
async function requestPage(ref) {
  let r;
  try {
    r = await api.get(`/api/portal/requests/${encodeURIComponent(ref)}`);
  } catch (err) {
    if (err.status === 401) return needSignIn();
    return mount(main, title('Request not found'), h('p', { class: 'govuk-body' }, 'We cannot find this request in your account.'),
      h('p', { class: 'govuk-body' }, h('a', { class: 'govuk-link', href: '/portal/requests' }, 'Back to your requests')));
  }
  const box = errorBox();
  const made = new URLSearchParams(location.search).get('made');
  const base = `/api/portal/requests/${encodeURIComponent(ref)}`;
  const reload = () => location.assign(`/portal/requests/${encodeURIComponent(ref)}`);

  const questions = r.clarifications.map((c) => {
    if (c.answered_on) return h('div', { class: 'govuk-inset-text' }, h('p', { class: 'govuk-body' }, h('strong', {}, 'We asked: '), c.question),
      h('p', { class: 'govuk-body' }, h('strong', {}, `You answered on ${formatDate(c.answered_on)}: `), c.answer));
    const id = `answer-${c.id}`;
    const form = h('form', { novalidate: true, class: 'clarification' },
      h('p', { class: 'govuk-body' }, h('strong', {}, `We asked on ${formatDate(c.asked_on)}: `), c.question),
      field({ id, label: 'Your answer', input: textarea(id, 4) }),
      button('Send your answer'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const answer = form.querySelector(`#${id}`).value.trim();
      if (!answer) return showErrors(box, [{ id, message: 'Enter your answer' }]);
      try { await api.post(`${base}/clarifications/${c.id}/answer`, { answer }); reload(); } catch (err) { failed(box, err, id); }
    });
    return form;
  });

  const upload = h('form', { novalidate: true, id: 'upload-form' },
    radios('kind', 'What are you sending?', [
      { value: 'identity', label: 'Proof of identity (for example a passport or driving licence)' },
      { value: 'authority', label: 'Proof that you may act for someone else (for example their signed permission)' },
    ], { value: 'identity' }),
    field({ id: 'file', label: 'Choose a file', hint: 'A photo or scan, at most 20 MB', input: h('input', { class: 'govuk-file-upload', id: 'file', name: 'file', type: 'file' }) }),
    button('Upload the file', { class: 'govuk-button govuk-button--secondary' }));
  upload.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const file = upload.querySelector('#file').files[0];
    if (!file) return showErrors(box, [{ id: 'file', message: 'Choose a file to upload' }]);
    if (file.size > 20 * 1024 * 1024) return showErrors(box, [{ id: 'file', message: 'The file must be smaller than 20 MB' }]);
    const form = new FormData();
    form.append('kind', upload.querySelector('input[name=kind]:checked').value);
    form.append('file', file, file.name);
    try { await api.upload(`${base}/documents`, form); reload(); } catch (err) { failed(box, err, 'file'); }
  });

  const downloads = r.downloads.map((d) => {
    const section = h('div', { class: 'govuk-form-group download', id: `download-${d.release_id}` });
    if (!d.available) return mount(section, h('p', { class: 'govuk-body' }, `Your records were ready to download until ${formatDate(d.available_until)}. Contact us for another copy.`));
    const codeId = `download-code-${d.release_id}`;
    const ask = h('form', { novalidate: true },
      h('p', { class: 'govuk-body' }, `Your records are ready. You can download them once, until ${formatDate(d.available_until)}.`),
      radios(`by-${d.release_id}`, 'Send me a download code by', [{ value: 'email', label: 'Email' }, { value: 'sms', label: 'Text message' }], { value: 'email', inline: true }),
      button('Send me a download code'));
    ask.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const by = ask.querySelector(`input[name=by-${d.release_id}]:checked`).value;
      try { await api.post(`${base}/releases/${d.release_id}/code`, { by }); } catch (err) { return failed(box, err); }
      showErrors(box, []);
      const enter = h('form', { novalidate: true },
        field({ id: codeId, label: 'Download code', hint: 'The 6-digit code we just sent you', input: textInput(codeId, { autocomplete: 'one-time-code', width: 'govuk-input--width-10' }) }),
        button('Get the download link'));
      enter.addEventListener('submit', async (e2) => {
        e2.preventDefault();
        const code = enter.querySelector(`#${codeId}`).value.replace(/\s/g, '');
        if (!/^\d{6}$/.test(code)) return showErrors(box, [{ id: codeId, message: 'Enter the 6-digit download code' }]);
        try {
          const link = await api.post(`${base}/releases/${d.release_id}/link`, { code });
          showErrors(box, []);
          mount(section,
            h('p', { class: 'govuk-body' }, `This link works once, until ${new Date(link.expires_at).toLocaleString('en-GB')}.`),
            h('a', { class: 'govuk-button', id: 'download-link', href: link.path, download: '' }, 'Download your records'),
            h('p', { class: 'govuk-body' }, 'The file is protected by a password. We will give you the password separately, by telephone or another message.'));
        } catch (err) { failed(box, err, codeId); }
      });
      mount(section, enter);
      enter.querySelector(`#${codeId}`).focus();
    });
    return mount(section, ask);
  });

  mount(main, box,
    made ? h('div', { class: 'govuk-panel govuk-panel--confirmation', id: 'made-panel' },
      h('h2', { class: 'govuk-panel__title' }, 'Request sent'),
      h('div', { class: 'govuk-panel__body' }, 'Your reference is ', h('strong', {}, r.reference))) : null,
    title(`Your request ${r.reference}`),
    h('dl', { class: 'govuk-summary-list', id: 'progress' },
      row('Where it is', r.progress),
      row('Received', formatDate(r.received)),
      row('Due by', r.due ? formatDate(r.due) : r.due_note),
      row('What you asked for', r.information_requested)),
    r.identity_needed || r.authority_needed ? h('div', { class: 'govuk-warning-text' },
      h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
      h('strong', { class: 'govuk-warning-text__text' }, h('span', { class: 'govuk-visually-hidden' }, 'Warning '),
        r.authority_needed ? 'We need proof that you may ask for these records.' : 'We need proof of your identity before we can go on.')) : null,
    questions.length ? [h('h2', { class: 'govuk-heading-m' }, 'Questions from us'), questions] : null,
    h('h2', { class: 'govuk-heading-m' }, 'Send us proof of identity'),
    r.uploads.length ? h('ul', { class: 'govuk-list govuk-list--bullet', id: 'uploads' },
      r.uploads.map((u) => h('li', {}, `${u.file_name} (${u.kind === 'authority' ? 'proof of authority' : 'proof of identity'})`))) : null,
    upload,
    r.downloads.length ? [h('h2', { class: 'govuk-heading-m' }, 'Download your records'), downloads] : null,
    h('p', { class: 'govuk-body' }, h('a', { class: 'govuk-link', href: '/portal/requests' }, 'Back to your requests')));
}

function row(key, value) {
  return h('div', { class: 'govuk-summary-list__row' },
    h('dt', { class: 'govuk-summary-list__key' }, key),
    h('dd', { class: 'govuk-summary-list__value' }, value));
}

async function start() {
  try {
    session = await api.get('/api/portal/session');
    api.setCsrf(session.csrf_token);
  } catch { session = null; }
  renderHeader();
  const path = location.pathname.replace(/\/+$/, '') || '/portal';
  try {
    if (path === '/portal') return startPage();
    if (path === '/portal/sign-in') return signInPage();
    if (!session) return needSignIn();
    if (path === '/portal/new') return newRequestPage();
    if (path === '/portal/requests') return await myRequestsPage();
    const m = /^\/portal\/requests\/([A-Za-z0-9-]{1,40})$/.exec(path);
    if (m) return await requestPage(m[1]);
    mount(main, title('Page not found'), h('p', { class: 'govuk-body' }, h('a', { class: 'govuk-link', href: '/portal' }, 'Go to the start')));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return needSignIn();
    mount(main, title('Sorry, there is a problem with the service'), h('p', { class: 'govuk-body' }, err.message));
  }
}

start();
