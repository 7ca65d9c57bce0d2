// QA: the second officer's check of a random sample of pages (and any
// others they choose), each shown as the original beside the redacted
// version, with pass, add a redaction, or send back (docs/web.md).
import { api } from '../api.js';
import { h, clear, mount, plural, words, formatDate } from '../dom.js';
import { showErrors } from '../form.js';
import { colourFor } from './review.js';

const enc = encodeURIComponent;

// A page image with boxes over it. `burnt` draws accepted redactions as
// solid black (the redacted copy); otherwise every decided or proposed box
// is outlined in its category's colour.
function pageFigure({ id, caption, documentId, page, info, redactions, burnt }) {
  const image = h('img', { class: 'app-page__image', alt: '', src: `/api/documents/${documentId}/pages/${page}.png`, draggable: 'false' });
  const overlay = h('div', { class: 'app-page__overlay' });
  const box = h('div', { class: 'app-page', id }, image, overlay);
  box.style.aspectRatio = `${info.width} / ${info.height}`;
  for (const r of redactions) {
    if (burnt && r.status !== 'accepted') continue;
    if (!burnt && r.status === 'rejected') continue;
    const boxes = r.scope === 'document' || (r.scope === 'page' && r.page === page)
      ? [[0, 0, info.width, info.height]] : r.page === page ? r.boxes || [] : [];
    for (const [x0, y0, x1, y1] of boxes) {
      const el = h('div', { class: `app-box app-box--${r.status}` + (burnt ? ' app-box--burnt' : ''), title: `${words(r.category)}: ${r.exemption_label || r.exemption}` });
      el.style.left = `${(100 * x0) / info.width}%`;
      el.style.top = `${(100 * y0) / info.height}%`;
      el.style.width = `${(100 * (x1 - x0)) / info.width}%`;
      el.style.height = `${(100 * (y1 - y0)) / info.height}%`;
      if (!burnt) el.style.borderColor = colourFor(r.category);
      overlay.append(el);
    }
  }
  return h('figure', { class: 'app-qa__figure' }, h('figcaption', { class: 'govuk-heading-s' }, caption), box);
}

export async function renderQa(ctx, ref) {
  const [c, qa, docs, catalogue] = await Promise.all([
    api.caseView(ref), api.get(`/api/cases/${enc(ref)}/qa`), api.documents(ref),
    api.exemptions().catch(() => ({ exemptions: [] }))]);
  if (ctx.stale()) return;
  const params = new URLSearchParams(location.search);
  const errorBox = h('div');
  const status = h('p', { class: 'govuk-visually-hidden', role: 'status', id: 'qa-status' });
  const open = (qa.reviews || []).find((r) => r.id === qa.open) || null;
  const docName = new Map(docs.documents.map((d) => [d.id, d.filename]));
  const reload = (extra = '') => ctx.navigate(`/cases/${enc(ref)}/qa${extra}`, { replace: true });
  const fail = (id) => (err) => showErrors(errorBox, [{ id, message: err.message }]);

  const history = (qa.reviews || []).filter((r) => r.id !== qa.open);
  const historySection = h('section', { class: 'app-section', 'aria-labelledby': 'qa-history' },
    h('h2', { class: 'govuk-heading-m', id: 'qa-history' }, 'Earlier checks'),
    history.length
      ? h('ul', { class: 'govuk-list govuk-list--bullet', id: 'qa-history-list' }, history.map((r) =>
          h('li', {}, `Round ${r.round} by ${r.reviewer}: ${r.status === 'passed' ? 'passed' : 'sent back'}` +
            (r.decided_at ? ` on ${formatDate(r.decided_at.slice(0, 10))}` : '') + (r.reason ? `. Reason: ${r.reason}` : '') + (r.note ? `. Note: ${r.note}` : ''))))
      : h('p', { class: 'govuk-body' }, 'No earlier checks.'));

  const heading = [h('span', { class: 'govuk-caption-l' }, h('a', { class: 'govuk-link', href: `/cases/${enc(ref)}` }, `${c.reference}: ${c.subject.name}`)),
    h('h1', { class: 'govuk-heading-l' }, 'Quality check')];
  const banner = params.get('done') ? h('div', { class: 'govuk-notification-banner govuk-notification-banner--success', role: 'alert', id: 'qa-banner' },
    h('div', { class: 'govuk-notification-banner__content' }, h('p', { class: 'govuk-notification-banner__heading' }, params.get('done')))) : null;

  if (!open) {
    const start = h('button', { type: 'button', class: 'govuk-button', id: 'start-qa' }, 'Start a quality check');
    start.addEventListener('click', async () => {
      start.disabled = true;
      try {
        await api.post(`/api/cases/${enc(ref)}/qa/sample`, {});
        reload();
      } catch (err) {
        start.disabled = false;
        fail('start-qa')(err);
      }
    });
    mount(ctx.main, errorBox, banner, ...heading,
      h('p', { class: 'govuk-body' }, `Status: ${words(c.status)}.`),
      h('p', { class: 'govuk-body' }, 'sardesk picks 10% of the pages at random (at least one page of every document) for you to check against the originals. You cannot check redactions you made yourself.'),
      start, historySection);
    ctx.pageReady('Quality check');
    return;
  }

  // The open review: its pages, one shown at a time, original beside redacted.
  const pages = open.pages || [];
  const current = Math.min(Math.max(0, Number(params.get('item')) || 0), Math.max(0, pages.length - 1));
  const item = pages[current];
  let viewer = h('p', { class: 'govuk-body' }, 'The sample has no pages.');
  const addRedaction = h('div');
  if (item) {
    const [info, reds] = await Promise.all([
      api.get(`/api/documents/${item.document_id}/pages/${item.page}`).catch(() => ({ width: 612, height: 792 })),
      api.get(`/api/cases/${enc(ref)}/redactions?document=${item.document_id}`)]);
    if (ctx.stale()) return;
    const size = { width: info.width || 612, height: info.height || 792 };
    const onPage = reds.redactions.filter((r) => r.scope === 'document' || r.page === item.page);
    const original = pageFigure({ id: 'qa-original', caption: 'Original', documentId: item.document_id, page: item.page, info: size, redactions: onPage, burnt: false });
    const redacted = pageFigure({ id: 'qa-redacted', caption: 'Redacted', documentId: item.document_id, page: item.page, info: size, redactions: onPage, burnt: true });
    const link = (i, text, id) => h('a', { class: 'govuk-link', id, href: `/cases/${enc(ref)}/qa?item=${i}` }, text);
    viewer = h('div', {},
      h('p', { class: 'govuk-body govuk-!-font-weight-bold', id: 'qa-page-label' },
        `Page ${current + 1} of ${pages.length} in this check: ${docName.get(item.document_id) || 'document ' + item.document_id}, page ${item.page}` +
        (item.added_by === 'reviewer' ? ' (added by you)' : ' (random sample)')),
      h('p', { class: 'govuk-body' }, current > 0 ? link(current - 1, 'Previous page in the check', 'qa-previous') : null,
        current > 0 && current < pages.length - 1 ? ' | ' : '',
        current < pages.length - 1 ? link(current + 1, 'Next page in the check', 'qa-next') : null),
      h('div', { class: 'app-qa' }, original, redacted),
      h('p', { class: 'govuk-body-s' }, `${plural(onPage.filter((r) => r.status === 'accepted').length, 'redaction')} accepted on this page, ${onPage.filter((r) => r.status === 'proposed').length} still proposed.`));

    // Add a redaction found missing: drag a box on the original, or withhold the page.
    const exemption = h('select', { class: 'govuk-select', id: 'qa-exemption' },
      catalogue.exemptions.map((e) => h('option', { value: e.code }, e.name || e.label || e.code)));
    const drawButton = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', id: 'qa-draw', 'aria-pressed': 'false' }, 'Draw a box on the original');
    const wholePage = h('button', { type: 'button', class: 'govuk-button govuk-button--secondary', id: 'qa-withhold-page' }, 'Withhold this whole page');
    const add = async (body) => {
      try {
        await api.post(`/api/cases/${enc(ref)}/qa/redactions`, { document_id: item.document_id, page: item.page, exemption: exemption.value, ...body });
        await api.post(`/api/cases/${enc(ref)}/redactions/apply`, {});
        reload(`?item=${current}&done=${enc('Redaction added and the redacted copies made again')}`);
      } catch (err) {
        fail('qa-exemption')(err);
      }
    };
    wholePage.addEventListener('click', () => add({ scope: 'page' }));
    const pageEl = original.querySelector('.app-page');
    let drawing = false;
    let start = null;
    let ghost = null;
    drawButton.addEventListener('click', () => {
      drawing = !drawing;
      drawButton.setAttribute('aria-pressed', String(drawing));
      pageEl.classList.toggle('app-page--drawing', drawing);
      status.textContent = drawing ? 'Drag over the original page to draw the box.' : 'Drawing cancelled.';
    });
    const point = (event) => {
      const r = pageEl.getBoundingClientRect();
      return { x: Math.min(Math.max(0, (event.clientX - r.left) / r.width), 1) * size.width, y: Math.min(Math.max(0, (event.clientY - r.top) / r.height), 1) * size.height };
    };
    pageEl.addEventListener('pointerdown', (event) => {
      if (!drawing) return;
      event.preventDefault();
      start = point(event);
      ghost = h('div', { class: 'app-box app-box--ghost' });
      pageEl.querySelector('.app-page__overlay').append(ghost);
      pageEl.setPointerCapture(event.pointerId);
    });
    pageEl.addEventListener('pointermove', (event) => {
      if (!start) return;
      const p = point(event);
      ghost.style.left = `${(100 * Math.min(start.x, p.x)) / size.width}%`;
      ghost.style.top = `${(100 * Math.min(start.y, p.y)) / size.height}%`;
      ghost.style.width = `${(100 * Math.abs(p.x - start.x)) / size.width}%`;
      ghost.style.height = `${(100 * Math.abs(p.y - start.y)) / size.height}%`;
    });
    pageEl.addEventListener('pointerup', (event) => {
      if (!start) return;
      const p = point(event);
      const b = { x0: Math.min(start.x, p.x), y0: Math.min(start.y, p.y), x1: Math.max(start.x, p.x), y1: Math.max(start.y, p.y) };
      start = null;
      if (b.x1 - b.x0 < 2 || b.y1 - b.y0 < 2) { ghost.remove(); return; }
      add({ box: b });
    });
    mount(addRedaction,
      h('h2', { class: 'govuk-heading-m', id: 'qa-add-heading' }, 'Add a redaction that is missing'),
      h('div', { class: 'govuk-form-group', id: 'qa-exemption-group' }, h('label', { class: 'govuk-label', for: 'qa-exemption' }, 'Reason (exemption)'), exemption),
      h('div', { class: 'govuk-button-group' }, drawButton, wholePage));
  }

  // Choose any other page.
  const docSelect = h('select', { class: 'govuk-select', id: 'qa-add-document' },
    docs.documents.filter((d) => d.status === 'ready' && d.page_count).map((d) => h('option', { value: String(d.id) }, `${d.filename} (${plural(d.page_count, 'page')})`)));
  const pageInput = h('input', { class: 'govuk-input govuk-input--width-4', id: 'qa-add-page', type: 'text', inputmode: 'numeric', value: '1' });
  const addPageForm = h('form', { novalidate: true, id: 'qa-add-page-form' },
    h('h2', { class: 'govuk-heading-m' }, 'Check another page'),
    h('div', { class: 'app-toolbar' },
      h('div', { class: 'govuk-form-group app-inline-field', id: 'qa-add-document-group' }, h('label', { class: 'govuk-label', for: 'qa-add-document' }, 'Document'), docSelect),
      h('div', { class: 'govuk-form-group app-inline-field', id: 'qa-add-page-group' }, h('label', { class: 'govuk-label', for: 'qa-add-page' }, 'Page'), pageInput),
      h('button', { type: 'submit', class: 'govuk-button govuk-button--secondary' }, 'Add the page to the check')));
  addPageForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const page = Number(pageInput.value);
    if (!Number.isInteger(page) || page < 1) return showErrors(errorBox, [{ id: 'qa-add-page', message: 'Enter a page number, like 3' }]);
    try {
      const review = await api.post(`/api/cases/${enc(ref)}/qa/pages`, { document_id: Number(docSelect.value), page });
      const index = review.pages.findIndex((p) => p.document_id === Number(docSelect.value) && p.page === page);
      reload(`?item=${Math.max(0, index)}`);
    } catch (err) {
      fail('qa-add-page')(err);
    }
  });

  // The decision.
  const note = h('textarea', { class: 'govuk-textarea', id: 'qa-note', rows: '2' });
  const reason = h('textarea', { class: 'govuk-textarea', id: 'qa-reason', rows: '2', 'aria-describedby': 'qa-reason-hint' });
  const passButton = h('button', { type: 'button', class: 'govuk-button', id: 'qa-pass' }, 'Pass the check');
  const backButton = h('button', { type: 'button', class: 'govuk-button govuk-button--warning', id: 'qa-send-back' }, 'Send back to the redacting officer');
  passButton.addEventListener('click', async () => {
    try {
      const r = await api.post(`/api/cases/${enc(ref)}/qa/pass`, note.value.trim() ? { note: note.value.trim() } : {});
      const blockers = (r.release_blockers || []).length ? ` Release is still held back: ${r.release_blockers.join('; ')}` : '';
      reload(`?done=${enc(`Check passed. The request is now ${words(r.case_status).toLowerCase()}.${blockers}`)}`);
    } catch (err) {
      fail('qa-note')(err);
    }
  });
  backButton.addEventListener('click', async () => {
    if (!reason.value.trim()) return showErrors(errorBox, [{ id: 'qa-reason', message: 'Enter why you are sending the request back' }]);
    try {
      const r = await api.post(`/api/cases/${enc(ref)}/qa/send-back`, { reason: reason.value.trim() });
      reload(`?done=${enc(`Sent back. The request is now ${words(r.case_status).toLowerCase()}.`)}`);
    } catch (err) {
      fail('qa-reason')(err);
    }
  });

  mount(ctx.main, errorBox, status, banner, ...heading,
    h('p', { class: 'govuk-body', id: 'qa-summary' },
      `Round ${open.round}, checked by ${open.reviewer}: ${plural(pages.length, 'page')} of the bundle's ${open.bundle_pages} ` +
      `(${open.sample_size} drawn at random).`),
    h('section', { class: 'app-section', 'aria-labelledby': 'qa-pages' },
      h('h2', { class: 'govuk-heading-m', id: 'qa-pages' }, 'Pages to check'),
      h('ol', { class: 'govuk-list govuk-list--number', id: 'qa-page-list' }, pages.map((p, i) => h('li', {},
        h('a', { class: 'govuk-link', href: `/cases/${enc(ref)}/qa?item=${i}`, 'aria-current': i === current ? 'true' : undefined },
          `${docName.get(p.document_id) || 'document ' + p.document_id}, page ${p.page}`)))),
      viewer),
    addRedaction,
    addPageForm,
    h('section', { class: 'app-section', 'aria-labelledby': 'qa-decision' },
      h('h2', { class: 'govuk-heading-m', id: 'qa-decision' }, 'Your decision'),
      h('div', { class: 'govuk-form-group', id: 'qa-note-group' }, h('label', { class: 'govuk-label', for: 'qa-note' }, 'Note (optional)'), note),
      passButton,
      h('div', { class: 'govuk-form-group', id: 'qa-reason-group' }, h('label', { class: 'govuk-label', for: 'qa-reason' }, 'Why it goes back'),
        h('div', { class: 'govuk-hint', id: 'qa-reason-hint' }, 'Needed to send it back, for example "page 4 shows a neighbour\'s name".'), reason),
      backButton),
    historySection);
  ctx.pageReady('Quality check');
}
