// The one client of the sardesk JSON API (docs/openapi.yaml). It sends the
// session cookie (same origin) and, on every state-changing request, the
// X-CSRF-Token header that sign-in returned (docs/web.md, "Signing in").

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let csrfToken = '';
let onSignedOut = () => {};

// Called when any request answers 401 (the session ended or never began).
export function setSignedOutHandler(handler) {
  onSignedOut = handler;
}

export function setCsrfToken(token) {
  csrfToken = token || '';
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function request(method, path, body, { headers = {}, quiet401 = false } = {}) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', ...headers } };
  if (unsafe.has(method) && csrfToken) init.headers['X-CSRF-Token'] = csrfToken;
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', 'sardesk could not be reached. Check your connection and try again.');
  }
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    if (res.status === 401 && !quiet401) onSignedOut();
    const err = (data && data.error) || {};
    throw new ApiError(res.status, err.code || 'http_' + res.status, err.message || `The request failed (HTTP ${res.status}).`);
  }
  return data;
}

export const api = {
  get: (path, opts) => request('GET', path, undefined, opts),
  post: (path, body, opts) => request('POST', path, body === undefined ? {} : body, opts),
  patch: (path, body, opts) => request('PATCH', path, body, opts),
  del: (path, opts) => request('DELETE', path, undefined, opts),

  // Sign-in (the contract in docs/web.md).
  session: () => request('GET', '/api/session', undefined, { quiet401: true }),
  signIn: (username, password) => request('POST', '/api/session', { username, password }, { quiet401: true }),
  signOut: () => request('DELETE', '/api/session'),

  reference: () => request('GET', '/api/reference'),
  cases: (params = {}) => request('GET', '/api/cases?' + new URLSearchParams(params)),
  caseView: (ref) => request('GET', `/api/cases/${encodeURIComponent(ref)}`),
  audit: (ref) => request('GET', `/api/cases/${encodeURIComponent(ref)}/audit`),
  documents: (ref) => request('GET', `/api/cases/${encodeURIComponent(ref)}/documents`),
  redactions: (ref) => request('GET', `/api/cases/${encodeURIComponent(ref)}/redactions`),
  safeguarding: (ref) => request('GET', `/api/cases/${encodeURIComponent(ref)}/safeguarding`),
  exemptions: () => request('GET', '/api/exemptions'),
  users: () => request('GET', '/api/users'),
};
