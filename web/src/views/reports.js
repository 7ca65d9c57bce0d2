// Reports: the register's figures month by month (GET /api/reports), each
// chart an SVG drawn here with the same figures in a table beside it, so
// nobody needs to read the chart.
import { api } from '../api.js';
import { h, formatDate, mount, words } from '../dom.js';
import { stageLabel } from '../reference.js';
import { showErrors } from '../form.js';

const svgNs = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthLabel = (m) => `${monthNames[Number(m.slice(5, 7)) - 1]} ${m.slice(2, 4)}`;
const longMonth = (m) => formatDate(`${m}-01`).replace(/^1 /, '');

// A round top for the axis: 1, 2, 5 x 10^n.
function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

// Vertical bars, one group per category, one bar per series.
function columnChart({ id, title, categories, series, max, unit = '' }) {
  const W = 640, H = 260, left = 44, bottom = 36, top = 12, right = 8;
  const plotW = W - left - right, plotH = H - top - bottom;
  const top_ = max || niceMax(Math.max(0, ...series.flatMap((x) => x.values.filter((v) => v !== null))));
  const groupW = plotW / Math.max(1, categories.length);
  const barW = Math.max(2, (groupW * 0.8) / series.length);
  const y = (v) => top + plotH - (plotH * v) / top_;
  // Five steps for a top of 1, 5 or 10 x 10^n, four for 2 x 10^n: round ticks.
  const steps = Math.round(top_ / 10 ** Math.floor(Math.log10(top_))) === 2 ? 4 : 5;
  const grid = Array.from({ length: steps + 1 }, (_, i) => i / steps).map((f) => [
    s('line', { x1: left, x2: W - right, y1: y(top_ * f), y2: y(top_ * f), stroke: '#b1b4b6', 'stroke-width': 1 }),
    s('text', { x: left - 6, y: y(top_ * f) + 4, 'text-anchor': 'end', 'font-size': 12, fill: '#0b0c0c' }, `${Math.round(top_ * f * 10) / 10}${unit}`)]);
  const bars = categories.map((c, i) => series.map((x, j) => {
    const v = x.values[i];
    if (v === null || v === undefined) return null;
    return s('rect', { x: left + i * groupW + groupW * 0.1 + j * barW, y: y(v), width: barW - 1, height: Math.max(0, top + plotH - y(v)), fill: x.colour },
      s('title', {}, `${c}: ${x.name} ${v}${unit}`));
  }));
  const step = Math.ceil(categories.length / 12);
  const labels = categories.map((c, i) => (i % step ? null : s('text', { x: left + i * groupW + groupW / 2, y: H - bottom + 16, 'text-anchor': 'middle', 'font-size': 12, fill: '#0b0c0c' }, monthLabel(c))));
  const titleId = `${id}-title`;
  return s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'app-chart__svg', role: 'img', 'aria-labelledby': titleId, id },
    s('title', { id: titleId }, `${title} (chart; the table beside it has the same figures)`), grid, bars, labels);
}

// Horizontal bars with an optional target mark per row.
function barChart({ id, title, rows, unit = '' }) {
  const W = 640, rowH = 30, left = 170, right = 60;
  const H = rows.length * rowH + 20;
  const top_ = niceMax(Math.max(0, ...rows.map((r) => Math.max(r.value || 0, r.target || 0))));
  const x = (v) => left + ((W - left - right) * v) / top_;
  const titleId = `${id}-title`;
  return s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'app-chart__svg', role: 'img', 'aria-labelledby': titleId, id },
    s('title', { id: titleId }, `${title} (chart; the table beside it has the same figures)`),
    rows.map((r, i) => {
      const yy = 10 + i * rowH;
      return [
        s('text', { x: left - 8, y: yy + 18, 'text-anchor': 'end', 'font-size': 13, fill: '#0b0c0c' }, r.label),
        r.value === null ? s('text', { x: left + 4, y: yy + 18, 'font-size': 12, fill: '#505a5f' }, 'no figures')
          : s('rect', { x: left, y: yy + 4, width: Math.max(1, x(r.value) - left), height: rowH - 10, fill: r.over ? '#d4351c' : '#1d70b8' }, s('title', {}, `${r.label}: ${r.value}${unit}`)),
        r.value === null ? null : s('text', { x: x(r.value) + 4, y: yy + 18, 'font-size': 12, fill: '#0b0c0c' }, `${r.value}${unit}`),
        r.target ? s('line', { x1: x(r.target), x2: x(r.target), y1: yy, y2: yy + rowH - 2, stroke: '#0b0c0c', 'stroke-width': 3, 'stroke-dasharray': '4 2' }) : null];
    }));
}

function dataTable(id, caption, headers, rows) {
  // The box scrolls when the table is long, so it takes keyboard focus.
  return h('div', { class: 'app-table-scroll app-chart__table', tabindex: '0', role: 'region', 'aria-label': `${caption} (table)` }, h('table', { class: 'govuk-table', id },
    h('caption', { class: 'govuk-table__caption govuk-table__caption--s' }, caption),
    h('thead', { class: 'govuk-table__head' }, h('tr', { class: 'govuk-table__row' }, headers.map((t, i) => h('th', { scope: 'col', class: 'govuk-table__header' + (i ? ' govuk-table__header--numeric' : '') }, t)))),
    h('tbody', { class: 'govuk-table__body' }, rows.map((cells) => h('tr', { class: 'govuk-table__row' }, cells.map((c, i) =>
      i ? h('td', { class: 'govuk-table__cell govuk-table__cell--numeric' }, c) : h('th', { scope: 'row', class: 'govuk-table__header' }, c)))))));
}

function legend(items) {
  return h('ul', { class: 'app-legend' }, items.map(([name, colour]) => {
    const sw = h('span', { class: 'app-swatch', 'aria-hidden': 'true' });
    sw.style.background = colour;
    return h('li', {}, sw, name);
  }));
}

function chartSection(id, title, description, chart, table) {
  return h('section', { class: 'app-section', 'aria-labelledby': `${id}-heading` },
    h('h2', { class: 'govuk-heading-m', id: `${id}-heading` }, title),
    description ? h('p', { class: 'govuk-body' }, description) : null,
    h('div', { class: 'app-chart' }, h('figure', { class: 'app-chart__figure' }, chart), table));
}

export async function renderReports(ctx) {
  const params = new URLSearchParams(location.search);
  const query = new URLSearchParams();
  for (const k of ['from', 'to']) if (params.get(k)) query.set(k, params.get(k));
  const errorBox = h('div');
  let report;
  try {
    report = await api.get(`/api/reports?${query}`);
  } catch (err) {
    if (err.status !== 400) throw err;
    report = await api.get('/api/reports');
    showErrors(errorBox, [{ id: 'reports-from', message: err.message }]);
  }
  const catalogue = await api.exemptions().catch(() => ({ exemptions: [] }));
  if (ctx.stale()) return;
  const exemptionName = new Map(catalogue.exemptions.map((e) => [e.code, e.name || e.label || e.code]));

  const dateInput = (id, text, value) => h('div', { class: 'govuk-form-group app-filter', id: `reports-${id}-group` },
    h('label', { class: 'govuk-label govuk-label--s', for: `reports-${id}` }, text),
    h('div', { class: 'govuk-hint', id: `reports-${id}-hint` }, 'For example 2026-01-31'),
    h('input', { class: 'govuk-input govuk-input--width-10', id: `reports-${id}`, name: id, type: 'text', value, 'aria-describedby': `reports-${id}-hint` }));
  const form = h('form', { novalidate: true, id: 'reports-form' },
    h('div', { class: 'app-filters' }, dateInput('from', 'From', report.from), dateInput('to', 'To', report.to)),
    h('button', { type: 'submit', class: 'govuk-button govuk-button--secondary' }, 'Show these dates'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const k of ['from', 'to']) if (form.elements[k].value.trim()) next.set(k, form.elements[k].value.trim());
    ctx.navigate(`/reports?${next}`);
  });

  const months = report.months;
  const cats = months.map((m) => m.month);
  const percent = months.map((m) => (m.closed ? Math.round((1000 * m.closed_on_time) / m.closed) / 10 : null));
  const stageRows = report.stages.map((st) => ({ label: stageLabel(st.stage), value: st.average_days, target: st.target_days, over: st.average_days !== null && st.average_days > st.target_days }));

  mount(ctx.main, errorBox,
    h('h1', { class: 'govuk-heading-l' }, 'Reports'),
    h('p', { class: 'govuk-body' }, `From ${formatDate(report.from)} to ${formatDate(report.to)}. `, h('a', { class: 'govuk-link', href: '/register' }, 'Go to the register')),
    form,
    h('ul', { class: 'app-counts', id: 'report-totals' },
      [[report.received, 'requests received'], [report.closed, 'requests closed'],
        [report.on_time_percent === null ? 'None' : `${report.on_time_percent}%`, 'answered within the statutory deadline'], [report.pages, 'pages read']]
        .map(([n, t]) => h('li', { class: 'app-counts__item' }, h('span', { class: 'app-counts__number' }, String(n)), h('span', { class: 'app-counts__label' }, t)))),
    chartSection('received-closed', 'Requests received and closed each month', null,
      [legend([['Received', '#1d70b8'], ['Closed', '#0b0c0c']]),
        columnChart({ id: 'chart-received-closed', title: 'Requests received and closed each month', categories: cats,
          series: [{ name: 'received', colour: '#1d70b8', values: months.map((m) => m.received) }, { name: 'closed', colour: '#0b0c0c', values: months.map((m) => m.closed) }] })],
      dataTable('table-received-closed', 'Requests received and closed', ['Month', 'Received', 'Closed'], months.map((m) => [longMonth(m.month), String(m.received), String(m.closed)]))),
    chartSection('on-time', 'Answered within the statutory deadline', 'Of the requests closed each month, the percentage closed by their statutory due date.',
      columnChart({ id: 'chart-on-time', title: 'Percentage answered within the statutory deadline each month', categories: cats, max: 100, unit: '%',
        series: [{ name: 'on time', colour: '#00703c', values: percent }] }),
      dataTable('table-on-time', 'Answered within the statutory deadline', ['Month', 'Closed', 'On time', 'Percentage'],
        months.map((m, i) => [longMonth(m.month), String(m.closed), String(m.closed_on_time), percent[i] === null ? 'None closed' : `${percent[i]}%`]))),
    chartSection('stages', 'Average days in each stage, against the target', 'Calendar days, for requests received in these dates that finished the stage. The dashed line is the council\'s target; a red bar is over it.',
      barChart({ id: 'chart-stages', title: 'Average days in each stage against the target', rows: stageRows, unit: ' d' }),
      dataTable('table-stages', 'Average days in each stage', ['Stage', 'Average days', 'Target days', 'Requests'],
        report.stages.map((st) => [stageLabel(st.stage), st.average_days === null ? 'No figures' : String(st.average_days), String(st.target_days), String(st.cases)]))),
    chartSection('pages', 'Pages read each month', 'Pages of the documents read (collected, converted and OCRed) in each month.',
      columnChart({ id: 'chart-pages', title: 'Pages read each month', categories: cats, series: [{ name: 'pages', colour: '#1d70b8', values: months.map((m) => m.pages) }] }),
      dataTable('table-pages', 'Pages read', ['Month', 'Pages'], months.map((m) => [longMonth(m.month), String(m.pages)]))),
    chartSection('exemptions', 'Exemptions used', 'Accepted redactions on requests received in these dates, by exemption.',
      report.exemptions.length
        ? barChart({ id: 'chart-exemptions', title: 'Exemptions used', rows: report.exemptions.map((e) => ({ label: words(e.code), value: e.count })) })
        : h('p', { class: 'govuk-body' }, 'No exemptions used in these dates.'),
      dataTable('table-exemptions', 'Exemptions used', ['Exemption', 'Redactions'], report.exemptions.map((e) => [exemptionName.get(e.code) || words(e.code), String(e.count)]))));
  ctx.pageReady('Reports');
}
