// The one place the UI talks to the paraplan API. Every call is same-origin
// with the session cookie; writes carry the CSRF token the server returned at
// sign-in. Failures come back as ApiError values carrying the server's error
// body, so pages can show the message and the fields it names.

export interface FieldProblem {
  field: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly requestId = '',
  ) {
    super(message);
    this.name = 'ApiError';
  }

  // A network failure (offline, server down) has no HTTP status.
  get offline(): boolean {
    return this.status === 0;
  }
}

type Listener = () => void;

let csrfToken = '';
let lastContact = Date.now();
const unauthorizedListeners = new Set<Listener>();
const contactListeners = new Set<Listener>();

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

// Time of the last answer from the server; the idle expiry counts from it.
// Every tab of this browser uses the one session, and a request from any of
// them keeps it alive, so the time is shared between the tabs: each tab
// writes it to localStorage, and the storage event tells the others. A tab
// left alone then warns only when the whole session is idle.
export function lastServerContact(): number {
  return lastContact;
}

const LAST_CONTACT_KEY = 'paraplan.last-contact';

function contacted(at: number): void {
  if (at <= lastContact) return;
  lastContact = at;
  contactListeners.forEach((listener) => listener());
}

addEventListener('storage', (event) => {
  if (event.key === LAST_CONTACT_KEY && event.newValue) contacted(Number(event.newValue) || 0);
});

// Called when the server says the session is gone (expired or ended elsewhere).
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export function onServerContact(listener: Listener): () => void {
  contactListeners.add(listener);
  return () => contactListeners.delete(listener);
}

export type Query = Record<string, string | number | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') parameters.set(key, String(value));
  }
  const text = parameters.toString();
  return text ? `${path}?${text}` : path;
}

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy page, an empty body): fall through to the status line.
  }
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (error && typeof error === 'object') {
    return new ApiError(
      response.status,
      String(error.code ?? 'unknown'),
      String(error.message ?? response.statusText),
      Array.isArray(error.fields) ? (error.fields as FieldProblem[]) : [],
      String(error.request_id ?? ''),
    );
  }
  if (response.status === 404) {
    return new ApiError(404, 'not_found', 'This part of paraplan is not available on the server yet.');
  }
  return new ApiError(response.status, 'http_' + response.status, `The server answered ${response.status} ${response.statusText}.`);
}

export async function request<T>(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery('/api/v1' + path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'offline', 'No connection to the server. Check the network and try again.');
  }
  const now = Date.now();
  try {
    localStorage.setItem(LAST_CONTACT_KEY, String(now));
  } catch {
    // Without storage each tab counts its own requests.
  }
  lastContact = now;
  contactListeners.forEach((listener) => listener());
  if (response.status === 401 && path !== '/session') {
    unauthorizedListeners.forEach((listener) => listener());
  }
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, { query }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

// Lists come back as a page object holding one array (`items`, `records`,
// `plans`, ...) beside paging fields such as `next_after`, or as a bare array.
export function itemsOf<T>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  if (!value || typeof value !== 'object') return [];
  const arrays = Object.values(value as Record<string, unknown>).filter(Array.isArray);
  return arrays.length === 1 ? (arrays[0] as T[]) : [];
}

// Every item of a keyset-paged list: asks for the next page (`after` the
// previous page's `next_after`) until the server says there is none.
export async function allItems<T>(path: string, query: Query = {}): Promise<T[]> {
  const found: T[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await api.get<{ next_after?: number | null } | null>(path, { ...query, after });
    found.push(...itemsOf<T>(page));
    const next = page?.next_after;
    if (typeof next !== 'number' || next === after) return found;
    after = next;
  }
}
