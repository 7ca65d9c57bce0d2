// Builds elements without HTML strings, so text from the API is never parsed
// as markup. h('p', {class: 'x'}, 'text', child) -> <p class="x">text…</p>.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value' && 'value' in el) el.value = value;
    else if (key === 'checked') el.checked = !!value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// Today's date in the browser, as YYYY-MM-DD.
export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

// "2026-11-09" -> "9 November 2026" (GOV.UK date style).
export function formatDate(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
}

// Whole days from today to an ISO date (negative when it has passed).
export function daysUntil(iso) {
  if (!iso) return null;
  const [y, mo, d] = iso.split('-').map(Number);
  const target = Date.UTC(y, mo - 1, d);
  const now = new Date();
  const base = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((target - base) / 86400000);
}

export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many || one + 's'}`;
}

// "in 3 days", "today", "2 days overdue".
export function describeDays(days) {
  if (days === null || days === undefined) return '';
  if (days === 0) return 'due today';
  if (days > 0) return `${plural(days, 'day')} left`;
  return `${plural(-days, 'day')} overdue`;
}

// A snake_case value as words, for values the reference data has no label for.
export function words(value) {
  if (!value) return '';
  const s = String(value).replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

// Replaces the children of `el` (skipping null, false and undefined; arrays
// flattened), as h() does for a new element.
export function mount(el, ...children) {
  clear(el);
  append(el, children);
  return el;
}
