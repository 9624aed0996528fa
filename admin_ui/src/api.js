// HTTP client for the MotCua API (/api/v1). Every error the API returns is
// application/problem+json; it is surfaced as an ApiError carrying that body.

const apiMeta = document.querySelector('meta[name="motcua-api"]');
const API_BASE = new URL(apiMeta?.content ?? 'api/v1/', document.baseURI);

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem ?? {};
  }
}

/** Absolute URL of an API path such as "procedures/1.001193", with optional query params. */
export function apiUrl(path, params = {}) {
  const url = new URL(path.replace(/^\//, ''), API_BASE);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      url.searchParams.set(key, String(value));
    }
  }
  return url;
}

// The session's CSRF token, kept in memory only: every unsafe request echoes it.
let csrfToken = null;

export function setCsrfToken(token) {
  csrfToken = token ?? null;
}

async function request(path, params, accept, init = {}) {
  const response = await fetch(apiUrl(path, params), {
    ...init, headers: { Accept: accept, ...init.headers },
  });
  if (!response.ok) {
    let problem = null;
    try {
      problem = await response.json();
    } catch {
      problem = { title: response.statusText };
    }
    throw new ApiError(response.status, problem);
  }
  return response;
}

export async function getJson(path, params = {}) {
  const response = await request(path, params, 'application/json');
  return { body: await response.json(), headers: response.headers };
}

/** POST a JSON body with the session's CSRF token; an empty answer (204) gives null. */
export async function postJson(path, body = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const response = await request(path, {}, 'application/json', {
    method: 'POST', headers, body: JSON.stringify(body),
  });
  return response.status === 204 ? null : response.json();
}

export async function getText(path, params = {}) {
  const response = await request(path, params, 'application/xml');
  return response.text();
}

/** The procedures list with flask-smorest's X-Pagination header decoded. */
export async function listProcedures(params) {
  const { body, headers } = await getJson('procedures', params);
  const header = headers.get('X-Pagination');
  const pagination = header
    ? JSON.parse(header)
    : { total: body.length, total_pages: 1, page: 1 };
  return { items: body, pagination };
}

export const listFields = async () => (await getJson('fields')).body;

export const getProcedure = async (code) =>
  (await getJson(`procedures/${encodeURIComponent(code)}`)).body;

export const bpmnUrl = (code, number) =>
  apiUrl(`procedures/${encodeURIComponent(code)}/versions/${number}/bpmn`);

export const getBpmn = (code, number) =>
  getText(`procedures/${encodeURIComponent(code)}/versions/${number}/bpmn`);

// Authentication: a cookie session whose CSRF token is kept for the POSTs above.

/** The logged-in user's session, or null when nobody is logged in (401). */
export async function currentSession() {
  try {
    const { body } = await getJson('auth/me');
    setCsrfToken(body.csrf_token);
    return body;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export async function login(username, password) {
  const body = await postJson('auth/login', { username, password });
  setCsrfToken(body.csrf_token);
  return body;
}

export async function logout() {
  await postJson('auth/logout');
  setCsrfToken(null);
}

// Simulations: shipped scenarios, runs, their results and comparisons.

export const listScenarios = async () => (await getJson('simulations/scenarios')).body;

export const listSimulations = async (params = { page_size: 50 }) =>
  (await getJson('simulations', params)).body;

export const getSimulation = async (id) =>
  (await getJson(`simulations/${encodeURIComponent(id)}`)).body;

export const createSimulation = (body) => postJson('simulations', body);

export const getSimulationResults = async (id) =>
  (await getJson(`simulations/${encodeURIComponent(id)}/results`)).body;

export const compareSimulations = async (id, baselineId) =>
  (await getJson(
    `simulations/${encodeURIComponent(id)}/compare/${encodeURIComponent(baselineId)}`,
  )).body;
