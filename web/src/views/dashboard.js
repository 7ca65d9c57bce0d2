// The dashboard: every open request, the closest deadlines first; overdue
// ones marked in words and colour; counts by stage; what waits on me.
import { api } from '../api.js';
import { h, clear, mount, formatDate, describeDays, daysUntil, plural } from '../dom.js';
import { reference, stageLabel } from '../reference.js';

// Days to the nearer of the statutory and the stage deadline.
export function urgency(c) {
  const stage = c.stage_due ? daysUntil(c.stage_due) : Infinity;
  const due = typeof c.days_remaining === 'number' ? c.days_remaining : (c.due ? daysUntil(c.due) : Infinity);
  return Math.min(stage, due);
}

function deadlineCell(dateIso, days, overdue) {
  if (!dateIso) return h('td', { class: 'govuk-table__cell' }, 'Not started');
  return h('td', { class: 'govuk-table__cell' },
    formatDate(dateIso),
    h('br'),
    overdue
      ? h('strong', { class: 'govuk-tag govuk-tag--red app-overdue' }, describeDays(days))
      : h('span', { class: days <= 3 ? 'app-due-soon' : 'govuk-hint app-days' }, describeDays(days)));
}

function casesTable(id, caption, cases, showOfficer) {
  if (!cases.length) {
    return h('section', { 'aria-labelledby': id },
      h('h2', { class: 'govuk-heading-m', id }, caption),
      h('p', { class: 'govuk-body' }, 'There are no open requests here.'));
  }
  return h('section', { 'aria-labelledby': id },
    h('h2', { class: 'govuk-heading-m', id }, caption),
    h('div', { class: 'app-table-scroll' },
      h('table', { class: 'govuk-table app-cases-table', 'data-table': id },
        h('caption', { class: 'govuk-table__caption govuk-visually-hidden' }, `${caption}, closest deadline first`),
        h('thead', { class: 'govuk-table__head' }, h('tr', { class: 'govuk-table__row' },
          h('th', { scope: 'col', class: 'govuk-table__header' }, 'Reference'),
          h('th', { scope: 'col', class: 'govuk-table__header' }, 'Data subject'),
          h('th', { scope: 'col', class: 'govuk-table__header' }, 'Stage'),
          h('th', { scope: 'col', class: 'govuk-table__header' }, 'Stage due'),
          h('th', { scope: 'col', class: 'govuk-table__header' }, 'Statutory deadline'),
          showOfficer ? h('th', { scope: 'col', class: 'govuk-table__header' }, 'Officer') : null)),
        h('tbody', { class: 'govuk-table__body' }, cases.map((c) => {
          const overdue = c.overdue || c.stage_overdue;
          return h('tr', { class: 'govuk-table__row' + (overdue ? ' app-row--overdue' : ''), dataset: { reference: c.reference } },
            h('td', { class: 'govuk-table__cell' }, h('a', { class: 'govuk-link', href: `/cases/${encodeURIComponent(c.reference)}` }, c.reference)),
            h('td', { class: 'govuk-table__cell' }, c.subject_name),
            h('td', { class: 'govuk-table__cell' }, stageLabel(c.stage)),
            deadlineCell(c.stage_due, daysUntil(c.stage_due), c.stage_overdue),
            deadlineCell(c.due, c.days_remaining, c.overdue),
            showOfficer ? h('td', { class: 'govuk-table__cell' }, c.assigned_officer || 'Not assigned') : null);
        })))));
}

export async function renderDashboard(ctx) {
  const [list, ref] = await Promise.all([api.cases({ open: 'true', limit: '5000' }), reference()]);
  if (ctx.stale()) return;
  const me = ctx.user().username;
  const cases = [...list.cases].sort((a, b) => urgency(a) - urgency(b) || a.reference.localeCompare(b.reference));
  const mine = cases.filter((c) => c.assigned_officer === me);
  const team = cases.filter((c) => c.assigned_officer !== me);
  const overdue = cases.filter((c) => c.overdue);
  const stageOverdue = cases.filter((c) => !c.overdue && c.stage_overdue);

  // Waiting on me: a quality check by a second officer (never on my own
  // case), requests nobody has picked up, and my requests waiting on replies.
  const qa = cases.filter((c) => c.stage === 'qa' && c.assigned_officer !== me);
  const unassigned = cases.filter((c) => !c.assigned_officer);
  const awaitingReplies = mine.filter((c) => c.status === 'searching' || c.status === 'awaiting_clarification' || c.status === 'awaiting_id');
  const waiting = [
    ['waiting-qa', 'Quality checks you can do', qa],
    ['waiting-unassigned', 'Requests nobody has picked up', unassigned],
    ['waiting-replies', 'Your requests waiting for a reply', awaitingReplies],
  ];

  const counts = ref.stages.map((stage) => ({ stage, n: cases.filter((c) => c.stage === stage).length }));

  mount(ctx.main, 
    h('h1', { class: 'govuk-heading-l' }, 'Dashboard'),
    overdue.length
      ? h('div', { class: 'govuk-warning-text app-overdue-banner', id: 'overdue-warning' },
          h('span', { class: 'govuk-warning-text__icon', 'aria-hidden': 'true' }, '!'),
          h('strong', { class: 'govuk-warning-text__text' },
            h('span', { class: 'govuk-visually-hidden' }, 'Warning: '),
            `${plural(overdue.length, 'request is', 'requests are')} past the statutory deadline.`))
      : null,
    stageOverdue.length
      ? h('p', { class: 'govuk-body' }, `${plural(stageOverdue.length, 'more request is', 'more requests are')} behind at their current stage.`)
      : null,
    h('section', { 'aria-labelledby': 'stage-counts' },
      h('h2', { class: 'govuk-heading-m', id: 'stage-counts' }, 'Open requests by stage'),
      h('ul', { class: 'app-counts', id: 'stage-count-list' }, counts.map(({ stage, n }) =>
        h('li', { class: 'app-counts__item', dataset: { stage } },
          h('span', { class: 'app-counts__number' }, String(n)),
          h('span', { class: 'app-counts__label' }, stageLabel(stage)))))),
    h('section', { 'aria-labelledby': 'waiting-on-me' },
      h('h2', { class: 'govuk-heading-m', id: 'waiting-on-me' }, 'Waiting on you'),
      h('ul', { class: 'govuk-list govuk-list--bullet', id: 'waiting-list' }, waiting.map(([id, text, items]) =>
        h('li', { id },
          `${text}: ${items.length}`,
          items.length ? [' (', items.slice(0, 5).map((c, i) => [i ? ', ' : '', h('a', { class: 'govuk-link', href: `/cases/${encodeURIComponent(c.reference)}` }, c.reference)]), items.length > 5 ? ', …' : '', ')'] : null)))),
    casesTable('my-cases', 'Your requests', mine, false),
    casesTable('team-cases', "The team's requests", team, true),
  );
  ctx.pageReady('Dashboard');
}
