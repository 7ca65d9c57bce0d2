import { api } from '../api.js';
import { h, clear, mount } from '../dom.js';

export function renderSignIn(ctx, onSignedIn) {
  const errorBox = h('div');
  const username = h('input', { class: 'govuk-input govuk-!-width-one-half', id: 'username', name: 'username', type: 'text', autocomplete: 'username', spellcheck: 'false', autocapitalize: 'none' });
  const password = h('input', { class: 'govuk-input govuk-!-width-one-half', id: 'password', name: 'password', type: 'password', autocomplete: 'current-password' });
  const button = h('button', { type: 'submit', class: 'govuk-button', 'data-module': 'govuk-button' }, 'Sign in');
  const form = h('form', { novalidate: true, id: 'sign-in-form' },
    h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label', for: 'username' }, 'Username'), username),
    h('div', { class: 'govuk-form-group' }, h('label', { class: 'govuk-label', for: 'password' }, 'Password'), password),
    button);

  function showError(message, field) {
    mount(errorBox, h('div', { class: 'govuk-error-summary', role: 'alert', tabindex: '-1' },
      h('h2', { class: 'govuk-error-summary__title' }, 'There is a problem'),
      h('div', { class: 'govuk-error-summary__body' }, h('ul', { class: 'govuk-list govuk-error-summary__list' },
        h('li', {}, h('a', { href: '#' + field.id }, message))))));
    errorBox.firstChild.focus();
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!username.value.trim()) return showError('Enter your username', username);
    if (!password.value) return showError('Enter your password', password);
    button.disabled = true;
    try {
      const body = await api.signIn(username.value.trim(), password.value);
      onSignedIn(body);
    } catch (err) {
      button.disabled = false;
      password.value = '';
      if (err.status === 401) showError('The username or password is not right', username);
      else if (err.status === 429) showError('Too many attempts. Wait a few minutes, then try again', username);
      else showError(err.message, username);
    }
  });
  errorBox.addEventListener('click', (event) => {
    const a = event.target.closest('a');
    if (!a) return;
    event.preventDefault();
    document.querySelector(a.getAttribute('href')).focus();
  });

  // Sign-in with the council's identity provider, when an administrator set it up.
  const councilBox = h('div');
  const column = h('div', { class: 'govuk-grid-column-two-thirds' },
    errorBox, h('h1', { class: 'govuk-heading-l' }, 'Sign in to sardesk'), councilBox, form);
  mount(ctx.main, h('div', { class: 'govuk-grid-row' }, column));
  ctx.pageReady('Sign in');
  api.get('/api/session/methods', { quiet401: true }).then((methods) => {
    if (!methods || !methods.oidc) return;
    mount(councilBox, h('div', {},
      h('a', { href: '/api/session/oidc/start', role: 'button', draggable: 'false', class: 'govuk-button', id: 'oidc-sign-in', 'data-module': 'govuk-button' },
        methods.oidc_label || 'Sign in with your council account'),
      h('p', { class: 'govuk-body' }, methods.password ? 'Or sign in with your sardesk username and password.' : '')));
    if (!methods.password) {
      // Passwords are for administrators only: keep the form, out of the way.
      button.classList.add('govuk-button--secondary');
      column.replaceChild(h('details', { class: 'govuk-details' },
        h('summary', { class: 'govuk-details__summary' }, h('span', { class: 'govuk-details__summary-text' }, 'Administrator sign-in with a password')),
        h('div', { class: 'govuk-details__text' }, form)), form);
    }
  }).catch(() => {});
}
