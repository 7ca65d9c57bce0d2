// The dashboard: every open request, the closest deadlines first; overdue
// ones marked in words and colour; counts by stage; what waits on me (the
// server's work list: safeguarding meetings, service areas' replies, quality
// checks, requesters' replies).
import { api } from '../api.js';
import { h, mount, formatDate, describeDays, daysUntil, plural, words } from '../dom.js';
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

// The server's work list (GET /api/my/work) by kind, in the order an
// officer should look at them; requests nobody has picked up come from the
// case list.
const workGroups = [
  { id: 'waiting-sent-back', kinds: ['sent_back'], title: 'Sent back to you by the quality check' },
  { id: 'waiting-safeguarding', kinds: ['safeguarding_meeting'], title: 'Safeguarding meetings to hold' },
  { id: 'waiting-service-areas', kinds: ['service_area_reply'], title: 'Replies from service areas' },
  { id: 'waiting-qa', kinds: ['qa'], title: 'Quality checks you can do' },
  { id: 'waiting-requesters', kinds: ['clarification', 'identity'], title: 'Replies from requesters' },
];

function workDue(item) {
  if (!item.due) return null;
  const days = daysUntil(item.due);
  return item.overdue
    ? h('strong', { class: 'govuk-tag govuk-tag--red app-overdue' }, `Overdue: ${describeDays(days)} (due ${formatDate(item.due)})`)
    : h('span', { class: 'govuk-hint app-days' }, `Due ${formatDate(item.due)} (${describeDays(days)})`);
}

function workSection(work, unassigned) {
  if (work.error) {
    return h('p', { class: 'govuk-body', id: 'waiting-error' }, `What waits on you could not be shown: ${work.error.message}`);
  }
  const items = (work.data && work.data.items) || [];
  const counts = (work.data && work.data.counts) || {};
  const total = work.data && typeof work.data.total === 'number' ? work.data.total : items.length;
  const groups = workGroups.map((g) => ({
    ...g, items: items.filter((i) => g.kinds.includes(i.kind)),
    count: g.kinds.reduce((n, k) => n + (counts[k] || 0), 0),
  }));
  const overdue = items.filter((i) => i.overdue).length;
  return h('div', { id: 'waiting-list' },
    h('p', { class: 'govuk-body', id: 'waiting-summary' },
      total ? `${plural(total, 'thing waits', 'things wait')} on you` + (overdue ? `, ${overdue} of them overdue.` : '.') +
        (total > items.length ? ` The ${items.length} most urgent are shown.` : '') : 'Nothing waits on you.'),
    groups.filter((g) => g.items.length).map((g) =>
      h('div', { class: 'app-work-group', id: g.id },
        h('h3', { class: 'govuk-heading-s' }, `${g.title} (${Math.max(g.count, g.items.length)})`),
        h('ul', { class: 'govuk-list app-work-list' }, g.items.map((i) =>
          h('li', { class: 'app-work-item' + (i.overdue ? ' app-work-item--overdue' : ''), dataset: { kind: i.kind, reference: i.reference } },
            h('a', { class: 'govuk-link', href: `/cases/${encodeURIComponent(i.reference)}${i.kind === 'qa' ? '/qa' : ''}` }, i.reference),
            ': ', i.detail, i.due ? h('br') : null, workDue(i)))))),
    h('div', { class: 'app-work-group', id: 'waiting-unassigned' },
      h('h3', { class: 'govuk-heading-s' }, `Requests nobody has picked up (${unassigned.length})`),
      unassigned.length
        ? h('p', { class: 'govuk-body' }, unassigned.slice(0, 10).map((c, i) => [i ? ', ' : '', h('a', { class: 'govuk-link', href: `/cases/${encodeURIComponent(c.reference)}` }, c.reference)]), unassigned.length > 10 ? ', …' : '')
        : h('p', { class: 'govuk-body' }, 'None.')));
}

// A social worker adviser sees only the requests shared with them.
async function renderAdviserDashboard(ctx) {
  const shared = await api.get('/api/my/cases');
  if (ctx.stale()) return;
  mount(ctx.main,
    h('h1', { class: 'govuk-heading-l' }, 'Dashboard'),
    h('section', { 'aria-labelledby': 'shared-cases' },
      h('h2', { class: 'govuk-heading-m', id: 'shared-cases' }, 'Requests shared with you'),
      shared.cases.length
        ? h('ul', { class: 'govuk-list', id: 'shared-list' }, shared.cases.map((c) =>
            h('li', {}, h('a', { class: 'govuk-link', href: `/cases/${encodeURIComponent(c.reference)}` }, c.reference))))
        : h('p', { class: 'govuk-body' }, 'No requests are shared with you.')));
  ctx.pageReady('Dashboard');
}

// An administrator manages accounts and sign-in, not requests; a service
// area's contact sees the searches sent to their area (no personal details).
async function renderOtherDashboard(ctx, role) {
  const tasks = role === 'service_area_contact' ? await api.get('/api/my/search-tasks') : null;
  if (ctx.stale()) return;
  mount(ctx.main,
    h('h1', { class: 'govuk-heading-l' }, 'Dashboard'),
    tasks
      ? h('section', { 'aria-labelledby': 'my-searches' },
          h('h2', { class: 'govuk-heading-m', id: 'my-searches' }, 'Searches sent to your service area'),
          tasks.search_tasks.length
            ? h('ul', { class: 'govuk-list', id: 'search-task-list' }, tasks.search_tasks.map((t) =>
                h('li', { class: 'app-work-item' + (t.due && daysUntil(t.due) < 0 && ['sent', 'reminded', 'escalated'].includes(t.status) ? ' app-work-item--overdue' : '') },
                  `${t.reference}: ${words(t.status)}, sent ${formatDate(t.sent_on)}, due ${formatDate(t.due)}`)))
            : h('p', { class: 'govuk-body' }, 'No searches are waiting for your service area.'))
      : h('p', { class: 'govuk-body', id: 'admin-dashboard' }, 'You manage staff accounts and how staff sign in. ',
          h('a', { class: 'govuk-link', href: '/settings' }, 'Go to the settings'), '.'));
  ctx.pageReady('Dashboard');
}

export async function renderDashboard(ctx) {
  const role = (ctx.user() || {}).role;
  if (role === 'social_worker_adviser') return renderAdviserDashboard(ctx);
  if (role === 'administrator' || role === 'service_area_contact') return renderOtherDashboard(ctx, role);
  const optionalWork = api.get('/api/my/work').then((data) => ({ data }), (error) => { if (error.status === 401) throw error; return { error }; });
  const [list, ref, work] = await Promise.all([api.cases({ open: 'true', limit: '5000' }), reference(), optionalWork]);
  if (ctx.stale()) return;
  const me = ctx.user().username;
  const cases = [...list.cases].sort((a, b) => urgency(a) - urgency(b) || a.reference.localeCompare(b.reference));
  const mine = cases.filter((c) => c.assigned_officer === me);
  const team = cases.filter((c) => c.assigned_officer !== me);
  const overdue = cases.filter((c) => c.overdue);
  const stageOverdue = cases.filter((c) => !c.overdue && c.stage_overdue);

  const unassigned = cases.filter((c) => !c.assigned_officer);

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
      workSection(work, unassigned)),
    casesTable('my-cases', 'Your requests', mine, false),
    casesTable('team-cases', "The team's requests", team, true),
  );
  ctx.pageReady('Dashboard');
}
