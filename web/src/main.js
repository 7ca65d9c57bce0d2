// The officer's web application: the shell, the router and sign-in.
// Screens live in views/; every call to sardesk goes through api.js.
import { api, ApiError, setCsrfToken, setSignedOutHandler } from './api.js';
import { h, clear, mount } from './dom.js';
import { renderDashboard } from './views/dashboard.js';
import { renderNewRequest } from './views/new_request.js';
import { renderCase } from './views/case.js';
import { renderReview } from './views/review.js';
import { renderSignIn } from './views/sign_in.js';
import { renderQa } from './views/qa.js';
import { renderRelease } from './views/release.js';
import { renderRegister } from './views/register.js';
import { renderReports } from './views/reports.js';
import { renderSettings } from './views/settings.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');

const state = { user: null, reference: null };

const routes = [
  { pattern: /^\/$/, view: renderDashboard, title: 'Dashboard' },
  { pattern: /^\/requests\/new$/, view: renderNewRequest, title: 'Record a new request' },
  { pattern: /^\/cases\/([A-Za-z0-9-]{1,40})$/, view: renderCase, title: 'Request' },
  { pattern: /^\/cases\/([A-Za-z0-9-]{1,40})\/documents\/(\d+)$/, view: renderReview, title: 'Review a document' },
  { pattern: /^\/cases\/([A-Za-z0-9-]{1,40})\/qa$/, view: renderQa, title: 'Quality check' },
  { pattern: /^\/cases\/([A-Za-z0-9-]{1,40})\/release$/, view: renderRelease, title: 'Release' },
  { pattern: /^\/register$/, view: renderRegister, title: 'Register of requests' },
  { pattern: /^\/reports$/, view: renderReports, title: 'Reports' },
  { pattern: /^\/settings$/, view: renderSettings, title: 'Settings' },
];

export function navigate(path, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  render();
}

// Sets the page title and moves focus to the main heading, so a screen
// reader announces the new page after a navigation.
export function pageReady(title) {
  document.title = `${title} - sardesk`;
  const heading = document.querySelector('main h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }
}

function renderHeader() {
  const header = clear(document.getElementById('app-header'));
  const nav = state.user
    ? h('nav', { class: 'app-header__nav', 'aria-label': 'Main' },
        h('ul', { class: 'app-header__list' },
          h('li', {}, h('a', { href: '/', class: 'app-header__link', 'data-nav': 'dashboard' }, 'Dashboard')),
          h('li', {}, h('a', { href: '/requests/new', class: 'app-header__link', 'data-nav': 'new' }, 'New request')),
          h('li', {}, h('a', { href: '/register', class: 'app-header__link', 'data-nav': 'register' }, 'Register')),
          h('li', {}, h('a', { href: '/reports', class: 'app-header__link', 'data-nav': 'reports' }, 'Reports')),
          h('li', {}, h('a', { href: '/settings', class: 'app-header__link', 'data-nav': 'settings' }, 'Settings'))),
        h('p', { class: 'app-header__user' }, 'Signed in as ', h('strong', {}, state.user.name || state.user.username)),
        h('button', { type: 'button', class: 'app-header__signout', id: 'sign-out', onclick: signOut }, 'Sign out'))
    : null;
  header.append(h('div', { class: 'govuk-width-container app-width-container app-header__inner' },
    h('a', { href: '/', class: 'app-header__service' }, 'sardesk'), nav));
  const current = location.pathname.startsWith('/requests/new') ? 'new' : location.pathname === '/' ? 'dashboard'
    : ['/register', '/reports', '/settings'].includes(location.pathname) ? location.pathname.slice(1) : '';
  for (const a of header.querySelectorAll('[data-nav]')) {
    if (a.dataset.nav === current) a.setAttribute('aria-current', 'page');
  }
}

async function signOut() {
  try {
    await api.signOut();
  } catch {
    // Signed out already, or the server is gone: either way the session is over here.
  }
  state.user = null;
  setCsrfToken('');
  navigate('/sign-in');
}

function showError(main, err) {
  mount(main, 
    h('h1', { class: 'govuk-heading-l' }, err.status === 404 ? 'Page not found' : 'Sorry, there is a problem'),
    h('p', { class: 'govuk-body' }, err.message),
    h('p', { class: 'govuk-body' }, h('a', { href: '/', class: 'govuk-link' }, 'Go to the dashboard')));
  pageReady(err.status === 404 ? 'Page not found' : 'Sorry, there is a problem');
}

let renderCount = 0;

async function render() {
  const main = document.getElementById('main-content');
  const path = location.pathname;
  const ticket = ++renderCount;
  const ctx = {
    main,
    user: () => state.user,
    navigate,
    pageReady,
    stale: () => ticket !== renderCount,
  };
  if (!state.user && path !== '/sign-in') {
    navigate('/sign-in?next=' + encodeURIComponent(path + location.search), { replace: true });
    return;
  }
  renderHeader();
  if (path === '/sign-in') {
    return renderSignIn(ctx, (body) => {
      state.user = body.user;
      setCsrfToken(body.csrf_token);
      const next = new URLSearchParams(location.search).get('next') || '/';
      navigate(next.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    });
  }
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    mount(main, h('p', { class: 'govuk-body app-loading', role: 'status' }, 'Loading…'));
    try {
      await route.view(ctx, ...m.slice(1).map(decodeURIComponent));
    } catch (err) {
      if (ctx.stale()) return;
      if (err instanceof ApiError && err.status === 401) return;
      showError(main, err instanceof ApiError ? err : new ApiError(0, 'internal', String(err && err.message)));
    }
    return;
  }
  showError(main, new ApiError(404, 'not_found', 'If you typed the web address, check it is correct.'));
}

// Links inside the application change the view without a page load.
document.addEventListener('click', (event) => {
  const a = event.target.closest('a');
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/') || a.target || a.hasAttribute('download')) return;
  if (url.hash && url.pathname === location.pathname) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener('popstate', render);

setSignedOutHandler(() => {
  state.user = null;
  if (location.pathname !== '/sign-in') navigate('/sign-in?next=' + encodeURIComponent(location.pathname + location.search), { replace: true });
});

async function start() {
  try {
    const body = await api.session();
    state.user = body.user;
    setCsrfToken(body.csrf_token);
  } catch {
    state.user = null;
  }
  render();
}

start();
