// Record a new request: quick to complete while on the phone. Possible
// existing data subjects and repeat requests appear as the name is typed.
import { api } from '../api.js';
import { h, clear, mount, today, formatDate } from '../dom.js';
import { reference, label, stageLabel } from '../reference.js';
import { field, textInput, select, textarea, radios, checkbox, showErrors } from '../form.js';

const purposeLabels = { photo_id: 'Photo identification', proof_of_address: 'Proof of address', authority: "Authority to act for the data subject" };

export async function renderNewRequest(ctx) {
  const ref = await reference();
  if (ctx.stale()) return;
  const enums = ref.enums;
  const errorBox = h('div');
  const matches = h('div', { id: 'possible-matches', 'aria-live': 'polite' });

  const subjectName = textInput('subject-name', { width: 'govuk-!-width-two-thirds', autocomplete: 'off' });
  const subjectDob = textInput('subject-dob', { type: 'date', width: 'govuk-input--width-10' });
  const relationship = select('relationship', enums.relationship, { value: 'self' });
  const requesterFields = h('div', { id: 'requester-fields', hidden: true },
    field({ id: 'requester-name', label: "Requester's full name", input: textInput('requester-name', { width: 'govuk-!-width-two-thirds' }) }),
    field({ id: 'requester-organisation', label: 'Organisation (optional)', input: textInput('requester-organisation', { width: 'govuk-!-width-two-thirds' }) }));

  const evidence = h('div', { id: 'evidence-checklist' });
  function renderEvidence() {
    const purposes = relationship.value === 'self' ? ['photo_id', 'proof_of_address'] : ['photo_id', 'proof_of_address', 'authority'];
    mount(evidence, purposes.map((purpose) => {
      const types = ref.document_types.filter((d) => d.serves.includes(purpose));
      return h('div', { class: 'app-evidence-row' },
        field({ id: `evidence-${purpose}`, label: purposeLabels[purpose], input: select(`evidence-${purpose}`, types, { blank: 'Not seen yet' }) }),
        purpose === 'proof_of_address'
          ? field({ id: 'evidence-address-date', label: 'Date on the proof of address', hint: 'It must be less than 3 months old.', input: textInput('evidence-address-date', { type: 'date', width: 'govuk-input--width-10' }) })
          : null);
    }));
  }
  relationship.addEventListener('change', () => {
    requesterFields.hidden = relationship.value === 'self';
    renderEvidence();
  });
  renderEvidence();

  // Possible duplicates, as the officer types.
  let timer = 0;
  let lastQuery = '';
  async function lookForMatches() {
    const q = subjectName.value.trim();
    if (q === lastQuery) return;
    lastQuery = q;
    if (q.length < 3) return clear(matches);
    let found;
    try {
      found = await api.cases({ q, limit: '20' });
    } catch {
      return;
    }
    if (q !== subjectName.value.trim()) return;
    clear(matches);
    if (!found.cases.length) {
      matches.append(h('p', { class: 'govuk-body-s', id: 'no-matches' }, 'No earlier requests for anyone with this name.'));
      return;
    }
    const dob = subjectDob.value;
    matches.append(h('div', { class: 'govuk-notification-banner app-matches', role: 'region', 'aria-labelledby': 'matches-title' },
      h('div', { class: 'govuk-notification-banner__header' }, h('h2', { class: 'govuk-notification-banner__title', id: 'matches-title' }, 'Possible existing data subject')),
      h('div', { class: 'govuk-notification-banner__content' },
        h('p', { class: 'govuk-body' }, `${found.cases.length === 1 ? 'An earlier request has' : found.cases.length + ' earlier requests have'} a similar name. Check whether this is the same person or a repeat request.`),
        h('ul', { class: 'govuk-list' }, found.cases.map((c) => h('li', { class: 'app-match' },
          h('a', { class: 'govuk-link', href: `/cases/${encodeURIComponent(c.reference)}`, target: '_blank', rel: 'noopener' }, `${c.reference} (opens in a new tab)`),
          `: ${c.subject_name}, born ${formatDate(c.subject_dob) || 'date not known'}, received ${formatDate(c.received)}, ${label(ref, 'status', c.status)} (${stageLabel(c.stage)})`,
          dob && c.subject_dob === dob ? h('strong', { class: 'govuk-tag govuk-tag--yellow app-tag-inline' }, 'Same date of birth') : null))))));
  }
  for (const input of [subjectName, subjectDob]) {
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => { lastQuery = input === subjectDob ? '' : lastQuery; lookForMatches(); }, 250);
    });
  }

  const form = h('form', { novalidate: true, id: 'new-request-form' },
    radios('route', 'Type of request', enums.route, { value: 'sar' }),
    h('div', { class: 'govuk-grid-row' },
      h('div', { class: 'govuk-grid-column-one-half' }, field({ id: 'received', label: 'Date received', input: textInput('received', { type: 'date', width: 'govuk-input--width-10', value: today() }) })),
      h('div', { class: 'govuk-grid-column-one-half' }, field({ id: 'channel', label: 'How it arrived', input: select('channel', enums.channel, { value: 'email' }) }))),
    h('h2', { class: 'govuk-heading-m' }, 'Data subject'),
    field({ id: 'subject-name', label: "Data subject's full name", hint: 'The person the information is about.', input: subjectName }),
    matches,
    field({ id: 'subject-dob', label: 'Date of birth (optional)', input: subjectDob }),
    field({ id: 'subject-address', label: 'Address (optional)', input: textInput('subject-address', { width: 'govuk-!-width-two-thirds', autocomplete: 'off' }) }),
    field({ id: 'subject-postcode', label: 'Postcode (optional)', input: textInput('subject-postcode', { width: 'govuk-input--width-10', autocomplete: 'off' }) }),
    h('h2', { class: 'govuk-heading-m' }, 'Requester'),
    field({ id: 'relationship', label: 'Who is asking', input: relationship }),
    requesterFields,
    field({ id: 'requester-email', label: 'Email address to reply to (optional)', input: textInput('requester-email', { type: 'email', width: 'govuk-!-width-two-thirds', autocomplete: 'off' }) }),
    h('h2', { class: 'govuk-heading-m' }, 'What they asked for'),
    field({ id: 'information-requested', label: 'Information requested', hint: 'In their words where you can.', input: textarea('information-requested', 4) }),
    h('div', { class: 'govuk-form-group' }, h('div', { class: 'govuk-checkboxes govuk-checkboxes--small' },
      checkbox('whole-file', 'They want their whole file', { checked: true }))),
    h('div', { class: 'govuk-grid-row' },
      h('div', { class: 'govuk-grid-column-one-half' }, field({ id: 'date-from', label: 'Records from (optional)', input: textInput('date-from', { type: 'date', width: 'govuk-input--width-10' }) })),
      h('div', { class: 'govuk-grid-column-one-half' }, field({ id: 'date-to', label: 'Records to (optional)', input: textInput('date-to', { type: 'date', width: 'govuk-input--width-10' }) }))),
    h('h2', { class: 'govuk-heading-m' }, 'Evidence seen'),
    h('p', { class: 'govuk-body' }, 'Record the documents you have seen. You can add more later on the request page.'),
    evidence,
    h('div', { class: 'govuk-form-group' }, h('div', { class: 'govuk-checkboxes govuk-checkboxes--small' },
      checkbox('assign-to-me', 'Assign it to me', { checked: true }))),
    h('button', { type: 'submit', class: 'govuk-button', id: 'record-request' }, 'Record the request'));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const v = (id) => document.getElementById(id)?.value.trim() || '';
    const errors = [];
    if (!v('subject-name')) errors.push({ id: 'subject-name', message: "Enter the data subject's full name" });
    if (!v('received')) errors.push({ id: 'received', message: 'Enter the date the request was received' });
    if (relationship.value !== 'self' && !v('requester-name')) errors.push({ id: 'requester-name', message: "Enter the requester's full name" });
    if (!v('information-requested')) errors.push({ id: 'information-requested', message: 'Enter what information they asked for' });
    if (v('evidence-proof_of_address') && !v('evidence-address-date')) errors.push({ id: 'evidence-address-date', message: 'Enter the date on the proof of address' });
    showErrors(errorBox, errors);
    if (errors.length) return;

    const body = {
      route: form.querySelector('input[name=route]:checked')?.value || 'sar',
      received: v('received'),
      channel: v('channel'),
      subject: { name: v('subject-name') },
      requester: { relationship: relationship.value },
      scope: { information_requested: v('information-requested'), whole_file: document.getElementById('whole-file').checked },
    };
    if (v('subject-dob')) body.subject.dob = v('subject-dob');
    if (v('subject-address') || v('subject-postcode')) body.subject.addresses = [{ lines: v('subject-address'), postcode: v('subject-postcode') }];
    if (relationship.value !== 'self') {
      body.requester.name = v('requester-name');
      if (v('requester-organisation')) body.requester.organisation = v('requester-organisation');
    }
    if (v('requester-email')) body.requester.email = v('requester-email');
    if (v('date-from')) body.scope.date_from = v('date-from');
    if (v('date-to')) body.scope.date_to = v('date-to');
    if (document.getElementById('assign-to-me').checked) body.assigned_officer = ctx.user().username;

    const button = document.getElementById('record-request');
    button.disabled = true;
    let created;
    try {
      created = await api.post('/api/cases', body);
    } catch (err) {
      button.disabled = false;
      return showErrors(errorBox, [{ message: err.message }]);
    }
    const problems = [];
    for (const purpose of ['photo_id', 'proof_of_address', 'authority']) {
      const type = v(`evidence-${purpose}`);
      if (!type) continue;
      // Identity and address evidence is the data subject's; the authority
      // to act is the requester's.
      const item = { purpose, type, party: purpose === 'authority' ? 'requester' : 'subject' };
      if (purpose === 'proof_of_address') item.document_date = v('evidence-address-date');
      try {
        await api.post(`/api/cases/${encodeURIComponent(created.reference)}/evidence`, item);
      } catch (err) {
        problems.push(`${purposeLabels[purpose]}: ${err.message}`);
      }
    }
    const params = new URLSearchParams({ created: '1' });
    if (problems.length) params.set('evidence_problem', problems.join(' '));
    ctx.navigate(`/cases/${encodeURIComponent(created.reference)}?${params}`);
  });

  mount(ctx.main, h('div', { class: 'govuk-grid-row' }, h('div', { class: 'govuk-grid-column-two-thirds' },
    errorBox,
    h('h1', { class: 'govuk-heading-l' }, 'Record a new request'),
    form)));
  ctx.pageReady('Record a new request');
}
