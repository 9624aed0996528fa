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

async function request(path, params, accept) {
  const response = await fetch(apiUrl(path, params), { headers: { Accept: accept } });
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
