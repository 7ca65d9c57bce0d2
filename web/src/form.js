// GOV.UK form pieces: every control has a label, hints are tied to their
// control with aria-describedby, and errors appear in a summary at the top.
import { h, clear } from './dom.js';

export function field({ id, label, hint, input, labelClass = 'govuk-label' }) {
  if (hint) input.setAttribute('aria-describedby', `${id}-hint`);
  return h('div', { class: 'govuk-form-group', id: `${id}-group` },
    h('label', { class: labelClass, for: id }, label),
    hint ? h('div', { class: 'govuk-hint', id: `${id}-hint` }, hint) : null,
    input);
}

export function textInput(id, { type = 'text', width = '', autocomplete, value } = {}) {
  return h('input', { class: `govuk-input ${width}`.trim(), id, name: id, type, autocomplete, value, spellcheck: type === 'text' ? 'false' : undefined });
}

export function select(id, options, { value, blank } = {}) {
  return h('select', { class: 'govuk-select', id, name: id },
    blank ? h('option', { value: '' }, blank) : null,
    options.map((o) => h('option', { value: o.value, selected: o.value === value ? true : undefined }, o.label)));
}

export function textarea(id, rows = 3) {
  return h('textarea', { class: 'govuk-textarea', id, name: id, rows: String(rows) });
}

export function radios(name, legend, options, { value, hint, inline } = {}) {
  return h('div', { class: 'govuk-form-group', id: `${name}-group` },
    h('fieldset', { class: 'govuk-fieldset', 'aria-describedby': hint ? `${name}-hint` : undefined },
      h('legend', { class: 'govuk-fieldset__legend govuk-fieldset__legend--s' }, legend),
      hint ? h('div', { class: 'govuk-hint', id: `${name}-hint` }, hint) : null,
      h('div', { class: 'govuk-radios govuk-radios--small' + (inline ? ' govuk-radios--inline' : '') },
        options.map((o, i) => h('div', { class: 'govuk-radios__item' },
          h('input', { class: 'govuk-radios__input', id: `${name}-${i}`, name, type: 'radio', value: o.value, checked: o.value === value }),
          h('label', { class: 'govuk-label govuk-radios__label', for: `${name}-${i}` }, o.label))))));
}

export function checkbox(id, text, { checked, hint } = {}) {
  return h('div', { class: 'govuk-checkboxes__item' },
    h('input', { class: 'govuk-checkboxes__input', id, name: id, type: 'checkbox', checked, 'aria-describedby': hint ? `${id}-hint` : undefined }),
    h('label', { class: 'govuk-label govuk-checkboxes__label', for: id }, text),
    hint ? h('div', { class: 'govuk-hint govuk-checkboxes__hint', id: `${id}-hint` }, hint) : null);
}

// Shows errors [{id, message}] in a summary that takes focus; each links to its field.
export function showErrors(box, errors) {
  clear(box);
  for (const el of document.querySelectorAll('.govuk-form-group--error')) el.classList.remove('govuk-form-group--error');
  for (const el of document.querySelectorAll('.govuk-error-message')) el.remove();
  if (!errors.length) return;
  const summary = h('div', { class: 'govuk-error-summary', role: 'alert', tabindex: '-1' },
    h('h2', { class: 'govuk-error-summary__title' }, 'There is a problem'),
    h('div', { class: 'govuk-error-summary__body' }, h('ul', { class: 'govuk-list govuk-error-summary__list' },
      errors.map((e) => h('li', {}, e.id ? h('a', { href: `#${e.id}`, onclick: (ev) => { ev.preventDefault(); document.getElementById(e.id)?.focus(); } }, e.message) : e.message)))));
  box.append(summary);
  for (const e of errors) {
    const group = e.id && document.getElementById(`${e.id}-group`);
    if (!group) continue;
    group.classList.add('govuk-form-group--error');
    const input = document.getElementById(e.id);
    const msg = h('p', { class: 'govuk-error-message', id: `${e.id}-error` }, h('span', { class: 'govuk-visually-hidden' }, 'Error: '), e.message);
    group.querySelector('label, legend')?.after(msg);
    if (input) input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), `${e.id}-error`].filter(Boolean).join(' '));
  }
  summary.focus();
}
