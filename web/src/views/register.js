// The register: every request with the request log's fields (seed 004),
// searched and filtered on the server a page at a time, and exported whole
// as CSV (GET /api/register, /api/register.csv).
import { api } from '../api.js';
import { h, mount, formatDate, plural, words } from '../dom.js';
import { reference, label } from '../reference.js';
import { showErrors } from '../form.js';

const enc = encodeURIComponent;
const pageSize = 50;
const filterKeys = ['q', 'status', 'route', 'officer', 'from', 'to', 'open'];

function applicant(e) {
  const r = e.requester || {};
  const name = r.name || (r.relationship === 'self' || !r.relationship ? e.subject_name : '');
  return [name, r.organisation].filter(Boolean).join(', ');
}

function supplied(e, refData) {
  if (!e.released_on) return e.closed_on ? `Closed ${formatDate(e.closed_on)}` : '';
  return `${formatDate(e.released_on)}, ${label(refData, 'delivery', e.release_delivery).toLowerCase()}` + (e.release_details ? `: ${e.release_details}` : '');
}

export async function renderRegister(ctx) {
  const params = new URLSearchParams(location.search);
  const query = new URLSearchParams();
  for (const k of filterKeys) if (params.get(k)) query.set(k, params.get(k));
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const errorBox = h('div');
  let page;
  let refData;
  try {
    [page, refData] = await Promise.all([api.get(`/api/register?${query}&limit=${pageSize}&offset=${offset}`), reference()]);
  } catch (err) {
    if (err.status !== 400) throw err;
    refData = await reference();
    page = { total: 0, entries: [] };
    showErrors(errorBox, [{ message: err.message }]);
  }
  if (ctx.stale()) return;

  const input = (id, text, attrs = {}) => h('div', { class: 'govuk-form-group app-filter', id: `${id}-group` },
    h('label', { class: 'govuk-label govuk-label--s', for: `register-${id}` }, text),
    attrs.hint ? h('div', { class: 'govuk-hint', id: `register-${id}-hint` }, attrs.hint) : null,
    h('input', { class: `govuk-input ${attrs.width || ''}`.trim(), id: `register-${id}`, name: id, type: 'text', value: params.get(id) || '',
      'aria-describedby': attrs.hint ? `register-${id}-hint` : undefined, inputmode: attrs.inputmode }));
  const choose = (id, text, kind) => h('div', { class: 'govuk-form-group app-filter' },
    h('label', { class: 'govuk-label govuk-label--s', for: `register-${id}` }, text),
    h('select', { class: 'govuk-select', id: `register-${id}`, name: id }, h('option', { value: '' }, 'All'),
      ((refData.enums && refData.enums[kind]) || []).map((o) => h('option', { value: o.value, selected: params.get(id) === o.value ? true : undefined }, o.label))));
  const form = h('form', { novalidate: true, id: 'register-filters', role: 'search' },
    h('div', { class: 'app-filters' },
      input('q', 'Reference or name', { width: 'govuk-input--width-20' }),
      choose('status', 'Status', 'status'),
      choose('route', 'Type of request', 'route'),
      input('officer', 'Officer (username)', { width: 'govuk-input--width-10' }),
      input('from', 'Received from', { width: 'govuk-input--width-10', hint: 'For example 2026-01-01' }),
      input('to', 'Received to', { width: 'govuk-input--width-10', hint: 'For example 2026-03-31' })),
    h('div', { class: 'govuk-form-group' }, h('div', { class: 'govuk-checkboxes govuk-checkboxes--small' },
      h('div', { class: 'govuk-checkboxes__item' },
        h('input', { class: 'govuk-checkboxes__input', id: 'register-open', name: 'open', type: 'checkbox', value: 'true', checked: params.get('open') === 'true' }),
        h('label', { class: 'govuk-label govuk-checkboxes__label', for: 'register-open' }, 'Open requests only')))),
    h('div', { class: 'govuk-button-group' },
      h('button', { type: 'submit', class: 'govuk-button' }, 'Search the register'),
      h('a', { class: 'govuk-link', href: '/register' }, 'Clear the filters')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const el of form.elements) {
      if (!el.name) continue;
      if (el.type === 'checkbox') { if (el.checked) next.set(el.name, 'true'); } else if (el.value.trim()) next.set(el.name, el.value.trim());
    }
    ctx.navigate(`/register?${next}`);
  });

  const rows = page.entries.map((e) => h('tr', { class: 'govuk-table__row' + (e.overdue ? ' app-row--overdue' : ''), dataset: { reference: e.reference } },
    h('td', { class: 'govuk-table__cell' }, h('a', { class: 'govuk-link', href: `/cases/${enc(e.reference)}` }, e.reference),
      h('span', { class: 'app-proposal__meta' }, label(refData, 'route', e.route))),
    h('td', { class: 'govuk-table__cell' }, formatDate(e.received)),
    h('td', { class: 'govuk-table__cell' }, formatDate(e.due), e.overdue ? h('strong', { class: 'govuk-tag govuk-tag--red app-overdue' }, 'Overdue') : null),
    h('td', { class: 'govuk-table__cell' }, e.subject_name),
    h('td', { class: 'govuk-table__cell' }, applicant(e), e.requester && e.requester.relationship && e.requester.relationship !== 'self'
      ? h('span', { class: 'app-proposal__meta' }, label(refData, 'relationship', e.requester.relationship)) : null),
    h('td', { class: 'govuk-table__cell app-cell-long' }, e.information_requested),
    h('td', { class: 'govuk-table__cell' }, e.exemptions_applied.map((x) => `${words(x.code)} (${x.count})`).join(', '),
      e.disclosures_without_consent.length ? h('span', { class: 'app-proposal__meta' }, `${plural(e.disclosures_without_consent.length, 'disclosure')} without consent`) : null),
    h('td', { class: 'govuk-table__cell' }, supplied(e, refData)),
    h('td', { class: 'govuk-table__cell' }, h('strong', { class: 'govuk-tag' + (e.open ? '' : ' govuk-tag--grey') }, label(refData, 'status', e.status)))));

  const link = (o) => { const q = new URLSearchParams(query); if (o) q.set('offset', String(o)); return `/register?${q}`; };
  const pager = page.total > pageSize ? h('nav', { class: 'govuk-pagination', 'aria-label': 'Pages of the register' },
    offset > 0 ? h('div', { class: 'govuk-pagination__prev' }, h('a', { class: 'govuk-link govuk-pagination__link', href: link(Math.max(0, offset - pageSize)), rel: 'prev' },
      h('span', { class: 'govuk-pagination__link-title' }, 'Previous', h('span', { class: 'govuk-visually-hidden' }, ' page')))) : null,
    offset + pageSize < page.total ? h('div', { class: 'govuk-pagination__next' }, h('a', { class: 'govuk-link govuk-pagination__link', href: link(offset + pageSize), rel: 'next' },
      h('span', { class: 'govuk-pagination__link-title' }, 'Next', h('span', { class: 'govuk-visually-hidden' }, ' page')))) : null) : null;

  mount(ctx.main, errorBox,
    h('h1', { class: 'govuk-heading-l' }, 'Register of requests'),
    h('p', { class: 'govuk-body' }, 'Every request received, with the details the request log must keep. ',
      h('a', { class: 'govuk-link', href: '/reports' }, 'See the reports')),
    form,
    h('p', { class: 'govuk-body', id: 'register-count', role: 'status' },
      page.total ? `${plural(page.total, 'request')} found; showing ${offset + 1} to ${Math.min(offset + pageSize, page.total)}.` : 'No requests match.'),
    h('p', { class: 'govuk-body' }, h('a', { class: 'govuk-link', id: 'register-csv', href: `/api/register.csv?${query}`, download: 'sardesk-register.csv' },
      `Download ${page.total === 1 ? 'this request' : `these ${page.total} requests`} as a spreadsheet (CSV)`)),
    h('div', { class: 'app-table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'register-caption' },
      h('table', { class: 'govuk-table app-register', id: 'register-table' },
        h('caption', { class: 'govuk-table__caption govuk-visually-hidden', id: 'register-caption' }, 'Requests in the register'),
        h('thead', { class: 'govuk-table__head' }, h('tr', { class: 'govuk-table__row' },
          ['Reference', 'Received', 'Response due', 'Data subject', 'Applicant', 'Information requested', 'Exemptions applied', 'When and how supplied', 'Status']
            .map((t) => h('th', { scope: 'col', class: 'govuk-table__header' }, t)))),
        h('tbody', { class: 'govuk-table__body' }, rows))),
    pager);
  ctx.pageReady('Register of requests');
}
