/** A refusal or failure the command line reports to the operator, with the exit code to leave with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    /** Lines that help to act on the refusal, such as each failing guard. */
    readonly details: string[] = [],
  ) {
    super(message);
  }
}

export type Fetch = typeof fetch;

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** The secretariat API over HTTP, as the operators' command line and the dry run use it. */
export class ConveneApi {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey: string | undefined,
    private readonly fetchFn: Fetch = fetch,
  ) {}

  get<T = any>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T = any>(path: string, body: unknown = {}): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  patch<T = any>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PATCH', path, body);
  }

  put<T = any>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PUT', path, body);
  }

  delete<T = any>(path: string): Promise<T> {
    return this.call<T>('DELETE', path);
  }

  /** Every item of a paginated list, following nextCursor to the end. */
  async all<T = any>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const page: { items: T[]; nextCursor: string | null } = await this.get(`${path}${separator}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  /** Throws CliError with the API's own message on any 4xx/5xx answer. */
  async call<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const answer = await this.request<T>(method, path, body, headers);
    if (answer.status >= 400) throw refusal(answer.status, answer.body);
    return answer.body;
  }

  /** The answer whatever its status; only an unreachable service throws. */
  /** A body that is a stream is sent as it is read (with the caller's content-type); anything else as JSON. */
  async request<T>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    const streamed = body instanceof ReadableStream;
    if (body !== undefined && !streamed) headers['content-type'] = 'application/json';
    Object.assign(headers, extraHeaders);
    let response: Response;
    try {
      const payload = body === undefined ? undefined : streamed ? body : JSON.stringify(body);
      response = await this.fetchFn(`${this.baseUrl}${path}`, { method, headers, body: payload, ...(streamed ? { duplex: 'half' } : {}) } as RequestInit);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new CliError(`Cannot reach Convene at ${this.baseUrl} (${why}). Is the service running? Set CONVENE_URL to its address.`);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (a proxy's error page, say): keep the text for the message.
    }
    return { status: response.status, body: parsed as T };
  }
}

function refusal(status: number, body: unknown): CliError {
  const answer = (typeof body === 'object' && body !== null ? body : {}) as { message?: unknown; failedGuards?: unknown };
  const message = typeof answer.message === 'string' ? answer.message : typeof body === 'string' && body.trim() ? body.trim().slice(0, 500) : 'no message';
  const details: string[] = [];
  if (Array.isArray(answer.failedGuards)) {
    for (const guard of answer.failedGuards as Array<{ guard?: string; message?: string }>) details.push(`${guard.guard}: ${guard.message}`);
  }
  if (status === 401) details.push('Set CONVENE_API_KEY to an API key of this deployment.');
  return new CliError(`The API refused (${status}): ${message}`, 1, details);
}
