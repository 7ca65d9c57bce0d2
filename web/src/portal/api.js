// The portal's one client of the API (docs/portal.md): same-origin cookies,
// the portal session's CSRF token on every change, errors as thrown
// ApiError with the message the server wrote for the requester.
let csrf = '';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(method, url, body, isForm) {
  const headers = {};
  if (method !== 'GET') headers['X-CSRF-Token'] = csrf;
  let payload;
  if (body !== undefined) {
    if (isForm) payload = body;
    else {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  const res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data?.error?.message || `The service could not do this (${res.status}).`);
  return data;
}

export const api = {
  setCsrf(token) { csrf = token || ''; },
  get: (url) => call('GET', url),
  post: (url, body) => call('POST', url, body ?? {}),
  upload: (url, form) => call('POST', url, form, true),
  del: (url) => call('DELETE', url),
};
