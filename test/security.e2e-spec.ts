import fc from 'fast-check';
import { Client } from 'pg';
import { InvitationTokens } from '../src/modules/invitations/invitation-tokens';
import { createModelSeries } from './support/fixtures';
import { ADMIN_KEY, ApiClient, TestEnvironment, createTestEnvironment, waitFor } from './support/test-app';

/**
 * The service as an attacker sees it: every route the application registers (enumerated while it
 * starts, so a new route cannot be left out), sent random, wrongly typed, oversized, deeply nested,
 * mis-typed and mis-encoded input, and every path spelled as a router may read it. Never a 5xx;
 * what is accepted comes back as it was sent. SECURITY_COUNTS=1 prints the counts.
 */

/** `npm run test:hostile` raises it (SECURITY_RUNS) for a longer search than every run of the suite affords. */
const RUNS_PER_WRITE_ROUTE = Number(process.env.SECURITY_RUNS ?? 150);
const RUNS_PER_READ_ROUTE = 60;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface Route {
  method: string;
  url: string;
}

interface Sent {
  status: number;
  body: any;
  text: string;
}

/** Text an attacker tries: SQL, markup, control and bidi characters, look-alikes, very long. */
const NASTY_TEXT = [
  "'; DROP TABLE contacts; --",
  "' OR '1'='1",
  '" OR 1=1 --',
  '1; SELECT pg_sleep(5)',
  '$1',
  '%s%s%s%n',
  '\\x00\\u0000',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202Egnp.exe',
  '\u2066\u2069\u200e\u200f',
  'Ω≈ç√∫˜µ≤≥÷',
  '表ポあA鷗ŒéＢ逍Üßªąñ丂㐀𠀀',
  '🇺🇳👩🏽‍⚕️😀',
  'مؤتمر مكافحة الإرهاب',
  '\ufeff\u200b',
  '',
  ' ',
  'null',
  'undefined',
  'true',
  '-1',
  '1e309',
  '0000-01-01',
  '2019-02-30',
  '2019-09-15T17:00:00+99:99',
  '9999-12-31T23:59:59-18:00',
  'P1000000Y',
  'PT-1S',
  '00000000-0000-0000-0000-000000000000',
];

/** A value nested `depth` deep, written out only on the wire (see jsonText), and shown by its depth. */
class Nested {
  constructor(readonly depth: number) {}
  [fc.toStringMethod](): string {
    return `nested(${this.depth})`;
  }
}

/** JSON.stringify, with each Nested written as that many arrays: no call stack walks them. */
function jsonText(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) => (item instanceof Nested ? `@@nested:${item.depth}@@` : item)) ?? 'null';
  return text.replace(/"@@nested:(\d+)@@"/g, (_match, depth: string) => `${'['.repeat(Number(depth))}"leaf"${']'.repeat(Number(depth))}`);
}

const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_TEXT) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 301, max: 20_000 }).map((n) => 'é'.repeat(n)) },
);

const scalar = fc.oneof(
  { weight: 5, arbitrary: text },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.uuid() },
);

const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 6, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__')), tie('value'), { maxKeys: 4 }) },
    { weight: 1, arbitrary: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 20, max: 200 }) }, { weight: 1, arbitrary: fc.constant(100_000) }).map((depth) => new Nested(depth)) },
  ),
})).value;

/** A value for a field as its schema describes it, or plausible values of the wrong kind. */
function fieldValue(schema: any, components: Record<string, any>, depth = 0): fc.Arbitrary<unknown> {
  if (schema?.$ref) return shapeOf(components[schema.$ref.split('/').pop()], components, depth + 1);
  const valid: Array<fc.Arbitrary<unknown>> = [];
  if (schema?.example !== undefined) valid.push(fc.constant(schema.example));
  if (schema?.enum) valid.push(fc.constantFrom(...schema.enum));
  if (schema?.type === 'array') valid.push(fc.array(schema.items ? fieldValue(schema.items, components, depth + 1) : anyValue, { maxLength: 3 }));
  if (schema?.type === 'integer' || schema?.type === 'number') valid.push(fc.integer({ min: 0, max: 500 }));
  if (schema?.type === 'boolean') valid.push(fc.boolean());
  if (schema?.type === 'string') valid.push(fc.string({ minLength: 1, maxLength: 20 }));
  if (schema?.allOf?.[0]?.$ref) valid.push(fieldValue(schema.allOf[0], components, depth + 1));
  return valid.length ? fc.oneof({ weight: 3, arbitrary: fc.oneof(...valid) }, { weight: 2, arbitrary: anyValue }) : anyValue;
}

/** An object with some of a DTO's fields, now and then one more field it does not have. */
function shapeOf(schema: any, components: Record<string, any>, depth = 0): fc.Arbitrary<unknown> {
  if (!schema?.properties || depth > 3) return anyValue;
  const fields = Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, fieldValue(property, components, depth)]));
  const required: string[] = schema.required ?? [];
  return fc
    .tuple(
      fc.record(fields, { requiredKeys: [] }),
      fc.subarray(required),
      fc.option(fc.tuple(fc.constantFrom('constructor', 'toString', 'valueOf', 'hasOwnProperty', 'extra', 'isAdmin'), anyValue), { freq: 8 }),
    )
    .chain(([record, forced, extra]) =>
      forced.length
        ? fc.record(Object.fromEntries(forced.map((name) => [name, fieldValue(schema.properties[name], components, depth)]))).map((more) => ({ ...record, ...more, ...(extra ? { [extra[0]]: extra[1] } : {}) }))
        : fc.constant({ ...record, ...(extra ? { [extra[0]]: extra[1] } : {}) }),
    );
}

/** How a body goes on the wire: mostly JSON, else the wrong type, broken UTF-8, a form, a file. */
type Encoding = 'json' | 'invalid-utf8' | 'text/plain' | 'form' | 'multipart' | 'csv' | 'none' | 'xml';
const encoding = fc.constantFrom<Encoding>('json', 'json', 'json', 'json', 'json', 'json', 'invalid-utf8', 'text/plain', 'form', 'multipart', 'csv', 'none', 'xml');

function wire(body: unknown, how: Encoding): { headers: Record<string, string>; payload: RequestInit['body'] } {
  const json = jsonText(body);
  switch (how) {
    case 'json':
      return { headers: { 'content-type': 'application/json' }, payload: json };
    case 'invalid-utf8': {
      const bytes = Buffer.from(json);
      const at = Math.max(bytes.indexOf('"'.charCodeAt(0), 1) + 1, 1);
      return { headers: { 'content-type': 'application/json; charset=utf-8' }, payload: Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), bytes.subarray(at)]) };
    }
    case 'text/plain':
      return { headers: { 'content-type': 'text/plain' }, payload: json };
    case 'xml':
      return { headers: { 'content-type': 'application/xml' }, payload: `<a>${json}</a>` };
    case 'csv':
      return { headers: { 'content-type': 'text/csv' }, payload: typeof body === 'string' ? body : `email,fullName,stakeholderType\r\n${json}` };
    case 'none':
      return { headers: {}, payload: json };
    case 'form': {
      const form = new URLSearchParams();
      if (body && typeof body === 'object') for (const [k, v] of Object.entries(body)) form.append(k, typeof v === 'string' ? v : jsonText(v));
      return { headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() };
    }
    case 'multipart': {
      const form = new FormData();
      if (body && typeof body === 'object') for (const [k, v] of Object.entries(body)) form.append(k, typeof v === 'string' ? v : jsonText(v));
      form.append('file', new Blob([Buffer.from(json)], { type: 'application/pdf' }), 'x.pdf');
      return { headers: {}, payload: form };
    }
  }
}

/** Percent-encoding as a client would send it; a lone surrogate goes as the bytes of one (%ED%A0%80), not UTF-8 at all. */
const percentEncoded = (value: string) =>
  Array.from(value)
    .map((character) => {
      try {
        return encodeURIComponent(character);
      } catch {
        return '%ED%A0%80';
      }
    })
    .join('');

/** Fields that ask for something rather than state a value: the answer says what became of it ("accept" -> "waitlisted"). */
const COMMAND_FIELDS: Record<string, string[]> = { '/rsvp/:token': ['response'] };

/** Fields the service stores normalised (trimmed, one case), compared as it documents them. */
const NORMALISED = new Set(['email', 'country', 'language', 'fullName', 'honorific', 'jobTitle', 'organisation', 'timezone', 'gender']);

/** A time with an offset comes back as the same instant in UTC. */
const sameInstant = (sent: string, back: string) => /T\d{2}:\d{2}.*(Z|[+-]\d{2}:?\d{2})$/.test(sent) && Date.parse(sent) === Date.parse(back);

/** A date-only deadline comes back as the end of that day in the conference's time zone (SPEC §4). */
const deadlineOfDate = (key: string, sent: string, back: string) => key === 'rsvpDeadline' && /^\d{4}-\d{2}-\d{2}$/.test(sent) && !Number.isNaN(Date.parse(back));

/** Every field sent that the answer shows holds what was sent. */
function roundTripProblem(sent: unknown, got: unknown, path = ''): string | null {
  if (sent instanceof Nested) return null;
  if (sent === null || typeof sent !== 'object' || got === null || typeof got !== 'object') return null;
  for (const [key, value] of Object.entries(sent)) {
    if (!Object.hasOwn(got as object, key)) continue;
    const back = (got as Record<string, unknown>)[key];
    const where = path ? `${path}.${key}` : key;
    if (typeof value === 'string' && typeof back === 'string') {
      const same = NORMALISED.has(key) ? value.trim().toLowerCase() === back.toLowerCase() : value === back || sameInstant(value, back) || deadlineOfDate(key, value, back);
      if (!same) return `${where}: sent ${JSON.stringify(value)}, got ${JSON.stringify(back)}`;
    } else if ((typeof value === 'number' || typeof value === 'boolean') && value !== back) {
      return `${where}: sent ${JSON.stringify(value)}, got ${JSON.stringify(back)}`;
    } else if (typeof value === 'object' && value !== null) {
      const inner = roundTripProblem(value, back, where);
      if (inner) return inner;
    }
  }
  return null;
}

/**
 * Runs the routes four at a time. After the first failure the other lanes stop (their properties
 * pass the remaining runs untried) and the failure is thrown once all have stopped, so the suite's
 * teardown never races requests still under way.
 */
async function inLanes(queue: Route[], run: (route: Route, halted: () => boolean) => Promise<void>): Promise<void> {
  let halted = false;
  const outcomes = await Promise.allSettled(
    Array.from({ length: 4 }, async () => {
      try {
        for (let route = queue.shift(); route && !halted; route = queue.shift()) await run(route, () => halted);
      } catch (error) {
        halted = true;
        throw error;
      }
    }),
  );
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

describe('security: hostile input, path spellings and access, across every route', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let db: Client;
  let components: Record<string, any>;
  let paths: Record<string, any>;
  const routes: Route[] = [];
  const ids: Record<string, string> = {};
  const counts = { inputs: 0, fiveHundreds: 0 };
  const failures: string[] = [];

  async function send(method: string, path: string, init: { headers?: Record<string, string>; payload?: RequestInit['body']; key?: string | null } = {}): Promise<Sent> {
    const key = init.key === undefined ? ADMIN_KEY : init.key;
    // A connection per request: a reset then belongs to the request that got it, never to the race
    // every HTTP/1.1 client runs when it reuses a kept-alive connection the server is closing.
    const response = await fetch(`${api.baseUrl}${path}`, {
      method,
      headers: { accept: 'application/json', connection: 'close', ...(key ? { authorization: `Bearer ${key}` } : {}), ...init.headers },
      body: method === 'GET' || method === 'HEAD' ? undefined : init.payload,
    }).catch((error: Error & { cause?: { code?: string } }) => {
      throw new Error(`${method} ${path.slice(0, 200)} got no answer: ${error.cause?.code ?? error.message}`);
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    counts.inputs++;
    if (response.status >= 500) {
      counts.fiveHundreds++;
      failures.push(`${method} ${path.slice(0, 200)} -> ${response.status} ${text.slice(0, 300)}`);
    }
    return { status: response.status, body, text };
  }

  /** A route's pattern with each parameter filled in by a real id of this world (else a fresh UUID). */
  function pathOf(route: Route, override: Record<string, string> = {}): string {
    const segments = route.url.split('/');
    return segments
      .map((segment, i) => {
        if (segment === '*') return 'index.html';
        if (!segment.startsWith(':')) return segment;
        const name = segment.slice(1);
        const owner = segments[i - 1];
        return percentEncoded(override[name] ?? ids[`${route.method} ${route.url}`] ?? ids[`${owner}:${name}`] ?? ids[name] ?? '00000000-0000-4000-8000-000000000000');
      })
      .join('/');
  }

  const bodySchemaOf = (route: Route) => {
    const openApiPath = route.url.replace(/:(\w+)/g, '{$1}');
    const content = paths[openApiPath]?.[route.method.toLowerCase()]?.requestBody?.content;
    return content?.['application/json']?.schema ?? null;
  };

  beforeAll(async () => {
    // Jobs of made-up names added through the queue board are refused by their consumer with a warning: expected here.
    env = await createTestEnvironment({ RSVP_RATE_LIMIT: '0', FEEDBACK_RATE_LIMIT: '0', LOG_LEVEL: 'error' });
    ({ api } = await env.startHttp({}, { onRoute: (route) => routes.push(...[route.method].flat().map((method) => ({ method, url: route.url }))) }));
    db = new Client({ connectionString: env.databaseUrl });
    await db.connect();
    const openApi = (await api.get('/docs/openapi.json')).body;
    components = openApi.components.schemas;
    paths = openApi.paths;

    const model = await createModelSeries(api);
    const [minsk, vienna, budapest] = ['Minsk', 'Vienna', 'Budapest'].map((city) => model.regionals.find((c: any) => c.city === city));
    const contact = await api.post('/api/contacts', { email: 'mission.belarus@example.org', fullName: 'Ivan Petrov', stakeholderType: 'member_state', country: 'BY' });
    const erasable = await api.post('/api/contacts', { email: 'erasable@example.org', fullName: 'Erasable', stakeholderType: 'academia' });
    const wave = await api.post(`/api/conferences/${minsk.id}/waves`, { name: 'Belarus', audience: { contactIds: [contact.body.id] } });
    await api.post(`/api/waves/${wave.body.id}/dispatch`);
    await waitFor(async () => ['completed', 'completed_with_failures'].includes((await api.get(`/api/waves/${wave.body.id}`)).body.state), 'the wave to be sent', 30000);
    const { rows } = await db.query(`SELECT id FROM invitations WHERE wave_id = $1`, [wave.body.id]);
    const token = new InvitationTokens(env.config()).tokenFor(rows[0].id);
    const upload = new FormData();
    upload.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'note.pdf');
    const credential = (await (await fetch(`${api.baseUrl}/rsvp/${token}/credentials`, { method: 'POST', body: upload, headers: { accept: 'application/json' } })).json()) as any;
    Object.assign(ids, {
      'series:id': model.series.id,
      'conferences:id': minsk.id,
      'POST /api/conferences/:id/transitions': budapest.id,
      'POST /api/conferences/:id/waivers': model.summit.id,
      'POST /api/conferences/:id/waves': vienna.id,
      'contacts:id': contact.body.id,
      'DELETE /api/contacts/:id': erasable.body.id,
      'waves:id': wave.body.id,
      'invitations:id': rows[0].id,
      invitationId: rows[0].id,
      'credentials:id': credential.id,
      'rsvp:token': token,
      queueName: 'invitations',
      file: 'dashboard.js',
    });
  });

  afterAll(async () => {
    if (process.env.SECURITY_COUNTS) process.stdout.write(`security suite: ${counts.inputs} inputs tried, ${counts.fiveHundreds} answered 5xx\n`);
    await db?.end();
    await env?.teardown();
  });

  const byMethod = (wanted: (method: string) => boolean) => routes.filter((r) => wanted(r.method) && !r.url.endsWith('*'));

  it('enumerates the routes from the running application', () => {
    expect(byMethod((m) => WRITE_METHODS.has(m)).length).toBeGreaterThan(20);
    expect(routes.some((r) => r.method === 'POST' && r.url === '/rsvp/:token')).toBe(true);
    expect(routes.some((r) => r.method === 'PATCH' && r.url === '/api/conferences/:id')).toBe(true);
  });

  it(`never answers 5xx to random, mistyped, oversized, nested, mis-encoded bodies (${RUNS_PER_WRITE_ROUTE} per write route), and what it accepts round-trips`, async () => {
    const writes = byMethod((m) => WRITE_METHODS.has(m)).filter((r) => r.url !== '/api/admin/clock' && r.url !== '/dashboard/logout');
    // The clock goes last and alone: once moved far ahead, everything else runs in that future.
    const ordered = [...writes, ...byMethod((m) => m === 'POST').filter((r) => r.url === '/api/admin/clock')];
    const runRoute = async (route: Route, halted: () => boolean) => {
      const schema = bodySchemaOf(route);
      const shape = schema ? fieldValue(schema, components) : route.url.startsWith('/rsvp/') ? rsvpShape : route.url === '/api/contacts/import' ? importShape : anyValue;
      const body = fc.oneof({ weight: 8, arbitrary: shape }, { weight: 1, arbitrary: anyValue });
      await fc.assert(
        fc.asyncProperty(body, encoding, fc.option(text.filter((t) => t.length < 2000), { freq: 10 }), async (value, how, param) => {
          if (halted()) return true;
          const { headers, payload } = wire(value, how);
          const name = /:(\w+)/.exec(route.url)?.[1];
          const sent = await send(route.method, pathOf(route, name && param !== null ? { [name]: param } : {}), { headers, payload });
          if (sent.status >= 500) throw new Error(`${route.method} ${route.url} answered ${sent.status}: ${sent.text.slice(0, 500)}`);
          if (how === 'json' && sent.status < 300 && route.method !== 'DELETE') {
            const commands = COMMAND_FIELDS[route.url] ?? [];
            const stated = value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).filter(([k]) => !commands.includes(k))) : value;
            const problem = roundTripProblem(stated, sent.body);
            if (problem) throw new Error(`${route.method} ${route.url} accepted but changed ${problem}`);
          }
          return true;
        }),
        { numRuns: RUNS_PER_WRITE_ROUTE, seed: Number(process.env.SECURITY_SEED ?? 20), endOnFailure: true },
      );
    };
    // SECURITY_ROUTE=obliterate replays the write routes whose pattern holds that text.
    const queue = ordered.filter((r) => r.url !== '/api/admin/clock' && (!process.env.SECURITY_ROUTE || r.url.includes(process.env.SECURITY_ROUTE)));
    await inLanes(queue, runRoute);
    for (const clock of ordered.filter((r) => r.url === '/api/admin/clock')) await runRoute(clock, () => false);
    expect(failures).toEqual([]);
  }, RUNS_PER_WRITE_ROUTE * 3_000);

  it('round-trips an accepted conference change and contact exactly, read back with GET', async () => {
    const change = fc.record({
      title: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((t) => t.trim() === t && t.length > 0),
      city: fc.constantFrom('Minsk', 'Порт-оф-Спейн', 'أبو ظبي', "O'Higgins; DROP TABLE x", '<b>Wien</b>'),
      partners: fc.array(fc.constantFrom('OSCE', 'CARICOM', '"quoted"', 'Ünïcödé', '\\'), { maxLength: 3 }),
      capacity: fc.integer({ min: 1, max: 100000 }),
      delegationQuota: fc.integer({ min: 0, max: 100 }),
    });
    await fc.assert(
      fc.asyncProperty(change, async (body) => {
        const patched = await send('PATCH', `/api/conferences/${ids['conferences:id']}`, { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
        if (patched.status !== 200) throw new Error(`PATCH refused ${JSON.stringify(body)}: ${patched.text}`);
        const read = await send('GET', `/api/conferences/${ids['conferences:id']}`);
        expect(roundTripProblem(body, read.body)).toBeNull();
      }),
      { numRuns: 50, seed: 21 },
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((t) => t.trim() === t && t.length > 0 && t.length <= 300), async (fullName) => {
        const created = await send('POST', '/api/contacts', { headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: `rt${n++}@example.org`, fullName, stakeholderType: 'academia', jobTitle: fullName }) });
        if (created.status !== 201) throw new Error(`contact refused ${JSON.stringify(fullName)}: ${created.text}`);
        const read = await send('GET', `/api/contacts/${created.body.id}`);
        expect({ fullName: read.body.fullName, jobTitle: read.body.jobTitle }).toEqual({ fullName, jobTitle: fullName });
      }),
      { numRuns: 50, seed: 22 },
    );
  }, 300_000);

  it(`never answers 5xx to hostile queries and path parameters on read routes (${RUNS_PER_READ_ROUTE} each)`, async () => {
    // The documentation's files are static: the rest is where input is read.
    const reads = byMethod((m) => m === 'GET').filter((r) => r.url !== '/docs-yaml' && r.url !== '/docs' && !r.url.startsWith('/docs/'));
    const queryValue = fc.oneof(text.filter((t) => t.length < 2000), fc.constantFrom('-1', '0', '501', '1e3', 'NaN', '[]', '{}'), fc.base64String({ maxLength: 80 }));
    // Pairs, not a dictionary: a name given twice (?limit=1&limit=2) arrives as a list.
    const query = fc.array(fc.tuple(fc.constantFrom('limit', 'cursor', 'waveId', 'delivery', 'response', 'stakeholderType', 'country', 'q', 'status', 'format', 'conferenceId', 'constructor', '__proto__', 'cursor[]', 'x'), queryValue), { maxLength: 5 });
    const param = fc.option(fc.oneof(text.filter((t) => t.length < 2000), fc.uuid()), { freq: 2 });
    const queue = [...reads];
    const runRoute = async (route: Route, halted: () => boolean) => {
      await fc.assert(
        fc.asyncProperty(query, param, async (q, p) => {
          if (halted()) return true;
          const name = /:(\w+)/.exec(route.url)?.[1];
          const path = pathOf(route, name && p !== null ? { [name]: p } : {});
          const search = q.map(([k, v]) => `${percentEncoded(k)}=${percentEncoded(v)}`).join('&');
          const sent = await send('GET', `${path}?${search}`);
          if (sent.status >= 500) throw new Error(`GET ${route.url} answered ${sent.status}: ${sent.text.slice(0, 500)}`);
          return true;
        }),
        { numRuns: RUNS_PER_READ_ROUTE, seed: 23 },
      );
    };
    await inLanes(queue, runRoute);
    expect(failures).toEqual([]);
  }, 300_000);

  it('never answers 5xx to hostile headers (accept, language, cookie, content type, forwarding)', async () => {
    const candidates = routes.filter((r) => r.method !== 'HEAD' && !r.url.endsWith('*') && !r.url.startsWith('/docs'));
    const headerValue = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((v) => v.replace(/[\x00-\x1f\x7f]/g, '')),
      fc.constantFrom('text/html;q=abc, application/json;q=-1', '*/*;;;', 'ar,zh;q=0.5,xx-YY;q=2', 'convene_session=%ff%fe; a=b', 'multipart/form-data; boundary=', 'application/json; charset=latin-7', '1.2.3.4, 999.999.1.1, ::1', '\u00e9\u00e8'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...candidates), fc.constantFrom('accept', 'accept-language', 'cookie', 'content-type', 'x-forwarded-for', 'origin', 'authorization'), headerValue, async (route, name, value) => {
        const sent = await send(route.method, pathOf(route), { headers: { [name]: value }, payload: route.method === 'GET' ? undefined : '{}' });
        if (sent.status >= 500) throw new Error(`${route.method} ${route.url} with ${name}: ${JSON.stringify(value)} answered ${sent.status}: ${sent.text.slice(0, 300)}`);
      }),
      { numRuns: 500, seed: 24 },
    );
  }, 300_000);

  it('keeps every protected route and prefix-decided behaviour whatever the spelling of the path', async () => {
    const spellings = (path: string) => {
      const segments = path.split('/');
      const encodeFirst = (s: string) => (s && /^[a-z]/i.test(s) ? `%${s.charCodeAt(0).toString(16)}${s.slice(1)}` : s);
      return {
        encoded: segments.map((s, i) => (i === 1 || i === 2 ? encodeFirst(s) : s)).join('/'),
        allEncoded: segments.map((s) => (/^[a-z]+$/i.test(s) ? [...s].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('') : s)).join('/'),
        doubled: path.replace(/\//g, '//'),
        leadingDouble: `/${path}`,
        upper: segments.map((s, i) => (i === 1 ? s.toUpperCase() : s)).join('/'),
        trailing: `${path}/`,
      };
    };
    for (const route of routes.filter((r) => r.method !== 'HEAD' && !r.url.endsWith('*'))) {
      const canonicalPath = pathOf(route);
      const canonical = await send(route.method, canonicalPath, { key: null, headers: { 'content-type': 'application/json' }, payload: '{}' });
      const isProtected = route.url.startsWith('/api/') || route.url.startsWith('/admin/queues');
      if (isProtected) expect({ route: `${route.method} ${route.url}`, status: canonical.status }).toEqual({ route: `${route.method} ${route.url}`, status: 401 });
      for (const [kind, path] of Object.entries(spellings(canonicalPath))) {
        const answer = await send(route.method, path, { key: null, headers: { 'content-type': 'application/json' }, payload: '{}' });
        const seen = { route: `${route.method} ${route.url}`, kind, path };
        if (!isProtected && !route.url.startsWith('/rsvp/')) continue;
        // Spelled differently, a path is either the same route (the same answer) or no route at all.
        expect({ ...seen, ok: answer.status === canonical.status || answer.status === 404 }).toEqual({ ...seen, ok: true });
        if (kind === 'encoded' || kind === 'allEncoded') expect({ ...seen, status: answer.status }).toEqual({ ...seen, status: canonical.status });
        if (isProtected) expect({ ...seen, opened: answer.status < 400 }).toEqual({ ...seen, opened: false });
      }
    }
    // The RSVP link's headers come with every spelling the router reads as that route.
    const rsvp = pathOf({ method: 'GET', url: '/rsvp/:token' });
    for (const path of [rsvp, rsvp.replace('/rsvp/', '/%72svp/'), rsvp.replace('/rsvp/', '/%72%73%76%70/')]) {
      const response = await fetch(`${api.baseUrl}${path}`, { headers: { accept: 'text/html' } });
      expect({ path, cache: response.headers.get('cache-control'), referrer: response.headers.get('referrer-policy'), csp: !!response.headers.get('content-security-policy') }).toEqual({
        path,
        cache: 'no-store',
        referrer: 'no-referrer',
        csp: true,
      });
    }
    for (const path of ['/docs', '/%64ocs', '/%64%6f%63%73/openapi.json']) {
      const response = await fetch(`${api.baseUrl}${path}`);
      expect({ path, frame: response.headers.get('x-frame-options'), sniff: response.headers.get('x-content-type-options') }).toEqual({ path, frame: 'DENY', sniff: 'nosniff' });
    }
    // The import's larger body limit is decided on the route too: the same answer for every spelling.
    const big = `email,fullName,stakeholderType\r\nbig@example.org,${'x'.repeat(11 * 1024 * 1024)},academia\r\n`;
    const imports = await Promise.all(
      ['/api/contacts/import', '/api/%63ontacts/import', '/%61pi/contacts/%69mport'].map((path) => send('POST', path, { headers: { 'content-type': 'text/csv' }, payload: big })),
    );
    expect(imports.map((i) => i.status)).toEqual([200, 200, 200]);
    expect(failures).toEqual([]);
  }, 300_000);

  it('asks every /api route for a key, refuses a viewer every write, and keeps keys and the clock from coordinators', async () => {
    const viewer = (await api.post('/api/keys', { name: 'observer', role: 'viewer' })).body.key as string;
    const coordinator = (await api.post('/api/keys', { name: 'desk', role: 'coordinator' })).body.key as string;
    expect(viewer && coordinator).toBeTruthy();
    const apiRoutes = routes.filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD');
    expect(apiRoutes.length).toBeGreaterThan(30);
    for (const route of apiRoutes) {
      const path = pathOf(route);
      const seen = `${route.method} ${route.url}`;
      const anonymous = await send(route.method, path, { key: null, headers: { 'content-type': 'application/json' }, payload: '{}' });
      expect({ seen, status: anonymous.status }).toEqual({ seen, status: 401 });
      const wrongKey = await send(route.method, path, { key: 'not-a-key-of-this-service', headers: { 'content-type': 'application/json' }, payload: '{}' });
      expect({ seen, status: wrongKey.status }).toEqual({ seen, status: 401 });
      if (WRITE_METHODS.has(route.method)) {
        const asViewer = await send(route.method, path, { key: viewer, headers: { 'content-type': 'application/json' }, payload: '{}' });
        expect({ seen, status: asViewer.status }).toEqual({ seen, status: 403 });
      }
      const managesKeysOrClock = route.url.startsWith('/api/keys') || (route.url === '/api/admin/clock' && route.method !== 'GET');
      if (managesKeysOrClock) {
        const asCoordinator = await send(route.method, path, { key: coordinator, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x', role: 'admin', advance: 'P1D' }) });
        expect({ seen, status: asCoordinator.status }).toEqual({ seen, status: 403 });
      }
    }
    expect(failures).toEqual([]);
  });
});

const rsvpShape = fc.record(
  {
    response: fc.oneof(fc.constantFrom('accept', 'decline'), scalar),
    delegates: fc.oneof(fc.array(fc.record({ fullName: text, email: fc.oneof(fc.emailAddress(), text), jobTitle: text, capacity: fc.constantFrom('head', 'delegate', 'x') }, { requiredKeys: [] }), { maxLength: 3 }), anyValue),
    needsVisaLetter: fc.oneof(fc.boolean(), scalar),
    accessibilityNeeds: fc.oneof(text, scalar),
    arrivalOn: fc.oneof(fc.constantFrom('2030-01-01', '0000-01-01', '2019-02-30'), scalar),
    capacity: fc.oneof(fc.constantFrom('head', 'observer'), scalar),
  },
  { requiredKeys: [] },
);

const importShape = fc.oneof(
  fc.array(fc.record({ email: fc.oneof(fc.emailAddress(), text), fullName: text, stakeholderType: fc.oneof(fc.constantFrom('academia', 'member_state'), scalar), country: fc.oneof(fc.constantFrom('BY', 'by'), scalar) }, { requiredKeys: [] }), { maxLength: 5 }),
  fc.array(text, { maxLength: 5 }).map((cells) => `email,fullName,stakeholderType\r\n${cells.join(',')}\r\n`),
);
