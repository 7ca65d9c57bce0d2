// Document review: one page at a time (the page image and its redaction
// boxes, loaded when shown, the next page fetched ahead), the document's
// proposals in a side list, and keyboard shortcuts for the common moves.
import { api } from '../api.js';
import { h, clear, mount, plural, words } from '../dom.js';
import { showErrors } from '../form.js';

const enc = encodeURIComponent;

// Category colours: distinct hues, each with a text label in the list, so
// colour is never the only cue.
const categoryColours = {
  person: '#d4351c', address: '#1d70b8', postcode: '#1d70b8', phone: '#912b88', email: '#912b88',
  dob: '#f47738', nhs_number: '#00703c', nino: '#00703c', bank: '#00703c', vehicle: '#5694ca', other_id: '#00703c',
  drawn: '#0b0c0c', page: '#0b0c0c', document: '#0b0c0c', term: '#b58840',
};
export function colourFor(category) {
  return categoryColours[category] || '#505a5f';
}

const shortcuts = [
  ['j', 'Next proposal'], ['k', 'Previous proposal'], ['a', 'Accept the selected redaction'],
  ['r', 'Reject the selected redaction'], ['n', 'Next page'], ['p', 'Previous page'], ['v', 'Switch between original and redacted views'],
];

// Where a redaction came from, in words (a social worker adviser's
// suggestion waits for an officer's decision).
const sourceLabels = { detection: 'Found by sardesk', officer: 'Added by an officer', rule: 'From a rule of this request', qa: 'Added in the quality check', adviser: 'Suggested by a social worker adviser' };

export async function renderReview(ctx, ref, documentIdText) {
  const documentId = Number(documentIdText);
  // A social worker adviser suggests redactions; officers decide (seed 001 stage 4).
  const adviser = (ctx.user() || {}).role === 'social_worker_adviser';
  const [docs, catalogue, safeguarding] = await Promise.all([
    api.documents(ref),
    api.exemptions().catch(() => ({ exemptions: [] })),
    api.safeguarding(ref).catch(() => ({ flags: [] })),
  ]);
  if (ctx.stale()) return;
  const doc = docs.documents.find((d) => d.id === documentId);
  if (!doc) throw Object.assign(new Error('This document is not part of the request.'), { status: 404 });
  const pageCount = doc.page_count || 1;
  const params = new URLSearchParams(location.search);
  const state = {
    page: Math.min(Math.max(1, Number(params.get('page')) || 1), pageCount),
    redactions: [],
    selected: null,
    view: 'original',
    drawing: null,  // 'new' | 'replace' | null
    filters: { category: '', party: '', status: '', source: '' },
    shortcuts: true,
  };

  const errorBox = h('div');
  const status = h('p', { class: 'govuk-visually-hidden', role: 'status', id: 'review-status' });
  const say = (text) => { status.textContent = text; };

  // The page: an image with the boxes drawn over it in page-relative units.
  const image = h('img', { class: 'app-page__image', alt: '', id: 'page-image', draggable: 'false' });
  const overlay = h('div', { class: 'app-page__overlay', id: 'page-overlay' });
  const pageBox = h('div', { class: 'app-page', id: 'page' }, image, overlay);
  const pageLabel = h('p', { class: 'govuk-body govuk-!-font-weight-bold', id: 'page-label', 'aria-live': 'polite' });
  const pageFlags = h('div', { id: 'page-flags' });
  const pageInfo = { width: 612, height: 792 };

  const prevButton = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', id: 'previous-page' }, 'Previous page');
  const nextButton = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', id: 'next-page' }, 'Next page');
  const pageInput = h('input', { class: 'govuk-input govuk-input--width-4', id: 'page-number', type: 'text', inputmode: 'numeric', value: String(state.page) });
  const viewToggle = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', id: 'toggle-view', 'aria-pressed': 'false' }, 'Show redacted view');
  const drawButton = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', id: 'draw-box', 'aria-pressed': 'false' },
    adviser ? 'Suggest redaction' : 'Draw a new box');
  const wholePage = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', id: 'redact-page' },
    adviser ? 'Suggest withholding this page' : 'Withhold this whole page');
  const suggestionReason = adviser ? h('input', { class: 'govuk-input', id: 'suggestion-reason', type: 'text', 'aria-describedby': 'suggestion-reason-hint' }) : null;
  const wordsButton = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', id: 'select-words', 'aria-pressed': 'false' }, 'Select words');

  const exemptionOptions = catalogue.exemptions.map((e) => ({ value: e.code, label: e.name || e.label || e.code }));
  const newExemption = h('select', { class: 'govuk-select', id: 'new-exemption' }, exemptionOptions.map((o) => h('option', { value: o.value }, o.label)));

  // The side list and its filters.
  const list = h('ol', { class: 'app-proposals', id: 'proposal-list', 'aria-label': 'Redactions on this document' });
  const filterSelect = (id, text, options) => h('div', { class: 'govuk-form-group app-filter' },
    h('label', { class: 'govuk-label govuk-label--s', for: id }, text),
    h('select', { class: 'govuk-select', id }, h('option', { value: '' }, 'All'), options.map((o) => h('option', { value: o }, words(o)))));
  const filters = h('div', { class: 'app-filters' },
    filterSelect('filter-status', 'Status', ['proposed', 'accepted', 'rejected']),
    filterSelect('filter-party', 'Party', ['subject', 'third_party', 'professional', 'ambiguous']),
    filterSelect('filter-category', 'Category', Object.keys(categoryColours)),
    filterSelect('filter-source', 'Source', Object.keys(sourceLabels)));
  const detail = h('div', { class: 'app-detail', id: 'redaction-detail' });
  const listSummary = h('p', { class: 'govuk-body-s', id: 'list-summary' });

  function visible() {
    const f = state.filters;
    return state.redactions.filter((r) => (!f.status || r.status === f.status) && (!f.party || r.party === f.party) &&
      (!f.category || r.category === f.category) && (!f.source || r.source === f.source));
  }

  function boxesOn(r, page) {
    if (r.scope === 'document' || (r.scope === 'page' && r.page === page)) return [[0, 0, pageInfo.width, pageInfo.height]];
    if (r.page !== page) return [];
    return r.boxes || [];
  }

  function drawOverlay() {
    clear(overlay);
    for (const r of state.redactions) {
      if (r.status === 'rejected' && state.view === 'redacted') continue;
      if (state.view === 'redacted' && r.status !== 'accepted') continue;
      for (const b of boxesOn(r, state.page)) {
        const [x0, y0, x1, y1] = b;
        const el = h('div', {
          class: `app-box app-box--${r.status}` + (state.view === 'redacted' ? ' app-box--burnt' : '') + (state.selected === r.id ? ' app-box--selected' : ''),
          dataset: { redaction: String(r.id) },
          title: `${words(r.category)}: ${r.exemption_label || r.exemption} (${r.status})`,
        });
        el.style.left = `${(100 * x0) / pageInfo.width}%`;
        el.style.top = `${(100 * y0) / pageInfo.height}%`;
        el.style.width = `${(100 * (x1 - x0)) / pageInfo.width}%`;
        el.style.height = `${(100 * (y1 - y0)) / pageInfo.height}%`;
        if (state.view !== 'redacted') el.style.borderColor = colourFor(r.category);
        el.addEventListener('click', () => select(r.id));
        overlay.append(el);
      }
    }
  }

  function renderList() {
    const items = visible();
    listSummary.textContent = `${plural(items.length, 'redaction')} shown of ${state.redactions.length} on this document.`;
    mount(list, items.slice(0, 1000).map((r) => h('li', { class: 'app-proposal' + (state.selected === r.id ? ' app-proposal--selected' : '') },
      h('button', { type: 'button', class: 'app-proposal__button', dataset: { redaction: String(r.id) }, 'aria-current': state.selected === r.id ? 'true' : undefined, onclick: () => select(r.id, true) },
        h('span', { class: 'app-swatch', 'aria-hidden': 'true', style: undefined, dataset: { colour: r.category } }),
        h('span', { class: 'app-proposal__text' }, r.text || words(r.scope)),
        h('span', { class: 'app-proposal__meta' }, `${words(r.category)}, ${words(r.party || 'unknown')}, page ${r.page || 'all'}`),
        r.source === 'adviser' ? h('strong', { class: 'govuk-tag govuk-tag--purple app-tag-inline app-suggested' }, `Suggested by adviser ${r.proposed_by}`) : null,
        h('strong', { class: `govuk-tag app-tag-inline ${r.status === 'accepted' ? 'govuk-tag--green' : r.status === 'rejected' ? 'govuk-tag--grey' : 'govuk-tag--yellow'}` }, words(r.status))))));
    for (const sw of list.querySelectorAll('.app-swatch')) sw.style.background = colourFor(sw.dataset.colour);
    if (items.length > 1000) list.append(h('li', { class: 'govuk-body-s' }, 'Narrow the filters to see the rest.'));
  }

  function renderDetail() {
    const r = state.redactions.find((x) => x.id === state.selected);
    clear(detail);
    if (!r) {
      detail.append(h('p', { class: 'govuk-body-s' }, 'Select a redaction in the list or on the page.'));
      return;
    }
    const exemption = h('select', { class: 'govuk-select', id: 'detail-exemption' },
      (exemptionOptions.some((o) => o.value === r.exemption) ? exemptionOptions : [{ value: r.exemption, label: r.exemption_label || r.exemption }, ...exemptionOptions])
        .map((o) => h('option', { value: o.value, selected: o.value === r.exemption ? true : undefined }, o.label)));
    const origin = h('p', { class: 'govuk-body-s', id: 'detail-source' }, `${sourceLabels[r.source] || words(r.source)}`,
      r.proposed_by ? ` (${r.proposed_by})` : '', r.source === 'adviser' && r.reason ? `: "${r.reason}"` : '', '.');
    if (adviser) {
      detail.append(
        h('h3', { class: 'govuk-heading-s', id: 'detail-heading' }, `Selected: ${r.text || words(r.scope)}`),
        h('p', { class: 'govuk-body-s' }, `${words(r.category)}; ${words(r.party || 'unknown')}; ${words(r.status)}; reason: ${r.exemption_label || r.exemption}.`),
        origin,
        h('p', { class: 'govuk-body-s' }, 'An IG officer decides whether to redact it. To suggest another redaction, press "Suggest redaction" and drag over the page.'));
      return;
    }
    detail.append(
      h('h3', { class: 'govuk-heading-s', id: 'detail-heading' }, `Selected: ${r.text || words(r.scope)}`),
      h('p', { class: 'govuk-body-s' }, `${words(r.category)}; ${words(r.party || 'unknown')}; ${words(r.status)}; proposed by ${r.proposed_by || r.source}.`),
      origin,
      h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label govuk-label--s', for: 'detail-exemption' }, 'Reason (exemption)'), exemption),
      h('div', { class: 'govuk-button-group' },
        h('button', { type: 'button', class: 'govuk-button', id: 'accept', onclick: () => decide('accept') }, 'Accept'),
        h('button', { type: 'button', class: 'govuk-button govuk-button--warning', id: 'reject', onclick: () => decide('reject') }, 'Reject'),
        h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', id: 'redraw', onclick: () => startDrawing('replace') }, 'Redraw the box')),
      r.text ? h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', id: 'apply-everywhere', onclick: () => applyEverywhere(r) },
        `Redact "${r.text}" everywhere in this request`) : null);
  }

  function select(id, fromList) {
    state.selected = id;
    const r = state.redactions.find((x) => x.id === id);
    if (r && r.page && r.page !== state.page && r.scope !== 'document') {
      showPage(r.page);
    } else {
      drawOverlay();
    }
    renderList();
    renderDetail();
    if (r) say(`Selected ${r.text || r.scope}, ${r.status}, page ${r.page || 'all'}`);
    if (!fromList) list.querySelector(`[data-redaction="${id}"]`)?.scrollIntoView({ block: 'nearest' });
    else list.querySelector(`[data-redaction="${id}"]`)?.focus();
  }

  function step(delta) {
    const items = visible();
    if (!items.length) return say('No redactions to move to.');
    const proposals = items.filter((r) => r.status === 'proposed');
    const pool = proposals.length ? proposals : items;
    const at = pool.findIndex((r) => r.id === state.selected);
    const next = pool[(at + delta + pool.length) % pool.length] || pool[0];
    select(next.id, true);
  }

  async function reload() {
    const data = await api.get(`/api/cases/${enc(ref)}/redactions?document=${documentId}`);
    state.redactions = data.redactions;
    drawOverlay();
    renderList();
    renderDetail();
  }

  async function decide(decision, extra = {}) {
    if (adviser) return say('Only an IG officer can accept or reject a redaction. You can suggest one.');
    const r = state.redactions.find((x) => x.id === state.selected);
    if (!r) return say('Select a redaction first.');
    const body = { decision, ...extra };
    const chosen = document.getElementById('detail-exemption')?.value;
    if (chosen && chosen !== r.exemption) body.exemption = chosen;
    try {
      const updated = await api.post(`/api/cases/${enc(ref)}/redactions/${r.id}/decide`, body);
      Object.assign(r, updated);
      showErrors(errorBox, []);
      say(`${decision === 'accept' ? 'Accepted' : 'Rejected'}: ${r.text || r.scope}`);
      drawOverlay();
      renderList();
      renderDetail();
      list.querySelector(`[data-redaction="${r.id}"]`)?.focus();
    } catch (err) {
      showErrors(errorBox, [{ message: err.message }]);
    }
  }

  async function applyEverywhere(r) {
    try {
      await api.post(`/api/cases/${enc(ref)}/redactions/rules`, { text: r.text, action: 'redact', exemption: document.getElementById('detail-exemption')?.value || r.exemption });
      await reload();
      say(`"${r.text}" will be redacted wherever it occurs in this request.`);
    } catch (err) {
      showErrors(errorBox, [{ message: err.message }]);
    }
  }

  async function addRedaction(body) {
    try {
      const full = { document_id: documentId, exemption: newExemption.value, ...body };
      if (adviser && suggestionReason.value.trim()) full.reason = suggestionReason.value.trim();
      const created = await api.post(`/api/cases/${enc(ref)}/redactions/${adviser ? 'suggest' : 'add'}`, full);
      await reload();
      select(created.id, true);
      if (adviser) say(`Suggestion sent: an IG officer will decide on it. ${plural(state.redactions.filter((x) => x.source === 'adviser').length, 'suggestion')} on this document.`);
    } catch (err) {
      showErrors(errorBox, [{ message: err.message }]);
    }
  }

  // Drawing: press on the page, drag, release. The box is in PDF points.
  function startDrawing(mode) {
    state.drawing = state.drawing === mode ? null : mode;
    drawButton.setAttribute('aria-pressed', String(state.drawing === 'new'));
    wordsButton.setAttribute('aria-pressed', String(state.drawing === 'words'));
    pageBox.classList.toggle('app-page--drawing', !!state.drawing);
    say(state.drawing === 'words' ? 'Selecting words: drag over the words to redact.'
      : state.drawing ? 'Drawing: press on the page and drag over what to redact.' : 'Stopped drawing.');
  }
  let dragStart = null;
  let ghost = null;
  const toPoints = (event) => {
    const rect = pageBox.getBoundingClientRect();
    return [
      Math.min(Math.max(0, ((event.clientX - rect.left) / rect.width) * pageInfo.width), pageInfo.width),
      Math.min(Math.max(0, ((event.clientY - rect.top) / rect.height) * pageInfo.height), pageInfo.height),
    ];
  };
  pageBox.addEventListener('pointerdown', (event) => {
    if (!state.drawing) return;
    event.preventDefault();
    dragStart = toPoints(event);
    ghost = h('div', { class: 'app-box app-box--ghost' });
    overlay.append(ghost);
  });
  // Move and release are followed on the window, so a drag that leaves the
  // page still ends.
  window.addEventListener('pointermove', (event) => {
    if (!dragStart || !ghost) return;
    const [x, y] = toPoints(event);
    const [x0, y0, x1, y1] = [Math.min(x, dragStart[0]), Math.min(y, dragStart[1]), Math.max(x, dragStart[0]), Math.max(y, dragStart[1])];
    Object.assign(ghost.style, { left: `${(100 * x0) / pageInfo.width}%`, top: `${(100 * y0) / pageInfo.height}%`, width: `${(100 * (x1 - x0)) / pageInfo.width}%`, height: `${(100 * (y1 - y0)) / pageInfo.height}%` });
  });
  window.addEventListener('pointerup', async (event) => {
    if (!dragStart || ctx.stale()) return;
    const [x, y] = toPoints(event);
    const box = { x0: Math.min(x, dragStart[0]), y0: Math.min(y, dragStart[1]), x1: Math.max(x, dragStart[0]), y1: Math.max(y, dragStart[1]) };
    dragStart = null;
    ghost?.remove();
    ghost = null;
    if (box.x1 - box.x0 < 2 || box.y1 - box.y0 < 2) return say('The box was too small. Drag over the text to redact.');
    const mode = state.drawing;
    startDrawing(null);
    if (mode === 'words') return redactWords(box);
    if (mode === 'replace') await decide('accept', { box });
    else await addRedaction({ page: state.page, scope: 'box', box });
  });

  // Select words: the words of the page's word layer that the dragged area
  // covers become one redaction per line, each box snapped to its words.
  async function redactWords(area) {
    // A word counts when the area covers at least half of its height (or the
    // area's own, if smaller): line boxes overlap their neighbours a little.
    const hit = (pageInfo.words || []).filter((w) => Array.isArray(w) && w[1] < area.x1 && w[3] > area.x0 &&
      Math.min(w[4], area.y1) - Math.max(w[2], area.y0) > 0.5 * Math.min(w[4] - w[2], area.y1 - area.y0));
    if (!hit.length) return say('No words there. Drag over the words to redact, or draw a box.');
    const lines = [];
    for (const w of [...hit].sort((a, b) => a[2] - b[2] || a[1] - b[1])) {
      const line = lines.find((l) => Math.abs(l.mid - (w[2] + w[4]) / 2) < (w[4] - w[2]) / 2);
      if (line) {
        line.box = { x0: Math.min(line.box.x0, w[1]), y0: Math.min(line.box.y0, w[2]), x1: Math.max(line.box.x1, w[3]), y1: Math.max(line.box.y1, w[4]) };
        line.count += 1;
      } else lines.push({ mid: (w[2] + w[4]) / 2, box: { x0: w[1], y0: w[2], x1: w[3], y1: w[4] }, count: 1 });
    }
    for (const line of lines) await addRedaction({ page: state.page, scope: 'box', box: line.box });
    say(`${plural(hit.length, 'word')} redacted: ${hit.map((w) => w[0]).join(' ')}`);
  }

  // Pages load one at a time; the next one is fetched ahead.
  const prefetched = new Map();
  function pageUrl(page) {
    return `/api/documents/${documentId}/pages/${page}.png?dpi=100`;
  }
  function prefetch(page) {
    if (page < 1 || page > pageCount || prefetched.has(page)) return;
    const img = new Image();
    img.src = pageUrl(page);
    prefetched.set(page, img);
    if (prefetched.size > 6) prefetched.delete(prefetched.keys().next().value);
  }
  let pageTicket = 0;
  async function showPage(page) {
    page = Math.min(Math.max(1, page), pageCount);
    const ticket = ++pageTicket;
    state.page = page;
    pageInput.value = String(page);
    prevButton.disabled = page <= 1;
    nextButton.disabled = page >= pageCount;
    history.replaceState(null, '', `${location.pathname}?page=${page}`);
    pageLabel.textContent = `Page ${page} of ${pageCount}`;
    image.alt = `Page ${page} of ${doc.filename}`;
    image.src = pageUrl(page);
    try {
      const info = await api.get(`/api/documents/${documentId}/pages/${page}`);
      if (ticket !== pageTicket) return;
      pageInfo.width = info.width || pageInfo.width;
      pageInfo.height = info.height || pageInfo.height;
      pageInfo.words = info.words || [];
      pageBox.style.aspectRatio = `${pageInfo.width} / ${pageInfo.height}`;
      clear(pageFlags);
      if (info.excluded) pageFlags.append(h('p', { class: 'govuk-inset-text' }, `This page is left out of the bundle: ${info.exclusion_reason || 'no reason given'}.`));
      if (info.duplicate_of) pageFlags.append(h('p', { class: 'govuk-inset-text' }, `This page repeats page ${info.duplicate_of.page_index + 1} of document ${info.duplicate_of.document_id}.`));
    } catch (err) {
      if (ticket === pageTicket) showErrors(errorBox, [{ message: err.message }]);
    }
    const flags = (safeguarding.flags || []).filter((f) => f.document_id === documentId && f.page === page);
    for (const f of flags) {
      pageFlags.append(h('div', { class: 'govuk-warning-text app-safeguarding' }, h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
        h('strong', { class: 'govuk-warning-text__text' }, h('span', { class: 'govuk-visually-hidden' }, 'Warning: '),
          `Safeguarding flag: ${words(f.flag)} (${plural(f.sentences, 'sentence')} on this page raised it). Check with a manager before release.`)));
    }
    drawOverlay();
    prefetch(page + 1);
  }

  prevButton.addEventListener('click', () => showPage(state.page - 1));
  nextButton.addEventListener('click', () => showPage(state.page + 1));
  pageInput.addEventListener('change', () => showPage(Number(pageInput.value) || 1));
  viewToggle.addEventListener('click', () => toggleView());
  drawButton.addEventListener('click', () => startDrawing('new'));
  wordsButton.addEventListener('click', () => startDrawing('words'));
  wholePage.addEventListener('click', () => addRedaction({ page: state.page, scope: 'page' }));
  for (const [key, id] of [['status', 'filter-status'], ['party', 'filter-party'], ['category', 'filter-category'], ['source', 'filter-source']]) {
    filters.querySelector(`#${id}`).addEventListener('change', (event) => {
      state.filters[key] = event.target.value;
      renderList();
    });
  }
  function toggleView() {
    state.view = state.view === 'original' ? 'redacted' : 'original';
    viewToggle.textContent = state.view === 'original' ? 'Show redacted view' : 'Show original view';
    viewToggle.setAttribute('aria-pressed', String(state.view === 'redacted'));
    say(state.view === 'redacted' ? 'Showing the redacted view' : 'Showing the original view');
    drawOverlay();
  }

  const shortcutToggle = h('input', { class: 'govuk-checkboxes__input', id: 'use-shortcuts', type: 'checkbox', checked: true });
  shortcutToggle.addEventListener('change', () => { state.shortcuts = shortcutToggle.checked; });
  const onKey = (event) => {
    if (ctx.stale()) return document.removeEventListener('keydown', onKey);
    if (!state.shortcuts || event.ctrlKey || event.metaKey || event.altKey) return;
    const t = event.target;
    if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    const actionsByKey = { j: () => step(1), k: () => step(-1), n: () => showPage(state.page + 1), p: () => showPage(state.page - 1), v: toggleView };
    if (!adviser) Object.assign(actionsByKey, { a: () => decide('accept'), r: () => decide('reject') });
    const action = actionsByKey[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  };
  document.addEventListener('keydown', onKey);

  mount(ctx.main, 
    h('a', { href: `/cases/${enc(ref)}`, class: 'govuk-back-link' }, `Back to ${ref}`),
    errorBox,
    h('h1', { class: 'govuk-heading-l' }, `Review ${doc.filename}`),
    status,
    h('div', { class: 'app-review' },
      h('div', { class: 'app-review__page' },
        h('div', { class: 'app-toolbar' },
          prevButton, nextButton,
          h('div', { class: 'app-inline-field' }, h('label', { class: 'govuk-label', for: 'page-number' }, 'Go to page'), pageInput),
          viewToggle),
        pageLabel,
        pageFlags,
        pageBox,
        adviser ? h('p', { class: 'govuk-inset-text', id: 'adviser-note' },
          'You are reviewing as a social worker adviser: you can suggest redactions, and an IG officer decides on them.') : null,
        h('div', { class: 'app-toolbar' },
          h('div', { class: 'app-inline-field' }, h('label', { class: 'govuk-label', for: 'new-exemption' }, adviser ? 'Reason for your suggestion' : 'Reason for new redactions'), newExemption),
          adviser ? h('div', { class: 'app-inline-field' }, h('label', { class: 'govuk-label', for: 'suggestion-reason' }, 'Why (optional)'),
            h('div', { class: 'govuk-hint', id: 'suggestion-reason-hint' }, 'For example, what harm disclosure could cause'), suggestionReason) : null,
          drawButton, wordsButton, wholePage)),
      h('div', { class: 'app-review__side' },
        h('h2', { class: 'govuk-heading-m' }, 'Redactions'),
        filters, listSummary, detail, list,
        h('details', { class: 'govuk-details' },
          h('summary', { class: 'govuk-details__summary' }, h('span', { class: 'govuk-details__summary-text' }, 'Keyboard shortcuts')),
          h('div', { class: 'govuk-details__text' },
            h('div', { class: 'govuk-checkboxes govuk-checkboxes--small' }, h('div', { class: 'govuk-checkboxes__item' }, shortcutToggle,
              h('label', { class: 'govuk-label govuk-checkboxes__label', for: 'use-shortcuts' }, 'Use single-key shortcuts'))),
            h('dl', { class: 'app-shortcuts' }, shortcuts.filter(([key]) => !adviser || (key !== 'a' && key !== 'r')).map(([key, text]) => [h('dt', {}, h('kbd', {}, key)), h('dd', {}, text)])))))));
  ctx.pageReady(`Review ${doc.filename}`);
  await reload();
  await showPage(state.page);
}
