// Every call goes to the public API with the signed-in key, so the API's per-account rules hold here too.
const KEY = 'bulk-export.api-key';
const BASE = '/api/v1/bulk_api';

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: (key) => sessionStorage.setItem(KEY, key),
  signOut: () => sessionStorage.removeItem(KEY),
};

/** A refused call: the HTTP status and the API's problem body (error, message, ...). */
export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    super(problem.message || problem.detail || problem.error || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
}

let onUnauthorized = () => {};
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/** Calls the API (path under /api/v1/bulk_api unless it starts with /api/); JSON in, JSON out. */
export async function call(method, path, body, key = session.key()) {
  const headers = { Authorization: `Bearer ${key}`, Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path.startsWith('/api/') ? path : BASE + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
  });
  const text = await response.text();
  let json = {};
  try {
    // An Iceberg snapshot id is a 64-bit integer, past the numbers JavaScript holds exactly: keep its digits as text.
    json = text ? JSON.parse(text.replace(/"snapshot_id":\s*(-?\d+)/g, '"snapshot_id":"$1"')) : {};
  } catch {
    json = { message: text };
  }
  if (!response.ok) {
    if (response.status === 401 && key === session.key()) {
      onUnauthorized(json);
    }
    throw new ApiError(response.status, json, Number(response.headers.get('Retry-After')) || 0);
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const patch = (path, body) => call('PATCH', path, body);
export const del = (path) => call('DELETE', path);
