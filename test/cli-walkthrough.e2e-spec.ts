import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { transformFileSync } from '@swc/core';
import { rsvpTokensInOutbox } from '../src/cli/rsvp-links';
import { MODEL_SUMMIT, replay } from './support/fixtures';
import { ADMIN_KEY, ApiClient, TestEnvironment, createTestEnvironment } from './support/test-app';

const ROOT = join(__dirname, '..');
/** Inside the project, so the compiled command line finds node_modules like the built one does. */
const BUILT = join(ROOT, 'node_modules', '.cache', 'convene-cli-e2e');
const ARTEFACTS = join(ROOT, 'test-artifacts');

/** The command line compiled on its own (it imports nothing outside src/cli), as `npm run build` would. */
function buildCli(): string {
  const sources = join(ROOT, 'src', 'cli');
  for (const file of readdirSync(sources).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))) {
    const { code } = transformFileSync(join(sources, file), {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    });
    const target = join(BUILT, file.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, code);
  }
  return join(BUILT, 'convene.js');
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const CSV = [
  'email,fullName,stakeholderType,organisation,country,language',
  'a.ivanova@mfa.gov.by,Anna Ivanova,member_state,Ministry of Foreign Affairs of Belarus,BY,ru',
  'j.novak@mzv.cz,Jan Novák,member_state,Ministry of Foreign Affairs of Czechia,CZ,en',
  'p.dupont@diplomatie.gouv.fr,Pierre Dupont,member_state,Ministère de l’Europe et des Affaires étrangères,FR,fr',
  'not-an-address,Nobody,member_state,,BY,en',
  'k.tan@mfa.gov.sg,Kai Tan,ministry_of_magic,Ministry of Foreign Affairs of Singapore,SG,en',
  'r.silva@itamaraty.gov.br,Rita Silva,member_state,Ministry of Foreign Affairs of Brazil,BR,es',
].join('\n');

/** The README's walkthrough "A conference from start to finish", by the command line, each command a child process. */
describe('the README walkthrough on the command line', () => {
  let env: TestEnvironment;
  let api: ApiClient;
  let cli: string;
  let outbox: string;
  const timings: Array<{ step: string; ms: number }> = [];

  const convene = (args: string[], key: string = ADMIN_KEY): Promise<Run> =>
    new Promise((resolve, reject) => {
      const started = Date.now();
      const child = spawn(process.execPath, [cli, ...args], {
        env: { PATH: process.env.PATH, CONVENE_URL: api.baseUrl, CONVENE_API_KEY: key },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => {
        timings.push({ step: `convene ${args.filter((a) => !/^[0-9a-f-]{36}$/.test(a)).join(' ')}`, ms: Date.now() - started });
        resolve({ code, stdout, stderr });
      });
    });
  const json = async (args: string[]) => {
    const run = await convene(['--json', ...args]);
    if (run.code !== 0) throw new Error(`convene ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
    return JSON.parse(run.stdout);
  };

  beforeAll(async () => {
    cli = buildCli();
    env = await createTestEnvironment();
    outbox = env.config().outboxDir;
    ({ api } = await env.startHttp());
    await api.post('/api/admin/clock', { to: replay('2019-08-01T08:00:00Z') });
  });

  afterAll(async () => {
    await env?.teardown();
    mkdirSync(ARTEFACTS, { recursive: true });
    writeFileSync(join(ARTEFACTS, 'cli-walkthrough-timings.json'), `${JSON.stringify({ steps: timings, totalMs: timings.reduce((t, s) => t + s.ms, 0) }, null, 2)}\n`);
  });

  it('runs the whole job: conference, contacts, wave, answers, participants, credentials, reminders, status', async () => {
    const help = await convene(['--help']);
    expect(help.code).toBe(0);
    for (const group of ['conference', 'contacts', 'wave', 'invitations', 'participants', 'credentials', 'reminders', 'status', 'keys']) expect(help.stdout).toContain(group);
    expect(help.stdout).toContain('Exit codes: 0 done; 1 refused');
    expect((await convene(['wave', 'dispatch', '--help'])).stdout).toContain('--follow');

    expect((await convene(['health'])).code).toBe(0);

    const series = await json([
      'series', 'create', '--name', 'Walkthrough series',
      '--summit-title', MODEL_SUMMIT.title, '--summit-city', MODEL_SUMMIT.city, '--summit-country', MODEL_SUMMIT.country,
      '--summit-starts-on', MODEL_SUMMIT.startsOn, '--summit-ends-on', MODEL_SUMMIT.endsOn,
      '--summit-timezone', MODEL_SUMMIT.timezone, '--summit-capacity', String(MODEL_SUMMIT.capacity),
    ]);

    // A summit no regional conference feeds yet is not ready.
    expect(series.summitReadiness).toMatchObject({ ready: false, regionalConferences: 0 });
    expect((await convene(['series', 'show', series.id])).stdout).toContain('Summit readiness: not ready: the series has no regional conference yet');

    // The series' own fields change after it is created; a bad one is named and nothing changes.
    const updateHelp = await convene(['series', 'update', '--help']);
    expect(updateHelp.code).toBe(0);
    for (const option of ['--name', '--secretariat-name', '--secretariat-email', '--secretariat-phone', '--no-secretariat']) expect(updateHelp.stdout).toContain(option);
    const badEmail = await convene(['series', 'update', series.id, '--secretariat-name', 'Walkthrough secretariat', '--secretariat-email', 'not an address']);
    expect(badEmail.code).toBe(1);
    expect(badEmail.stderr).toContain('The API refused (400): secretariat.email: secretariat.email must be an e-mail address');
    expect((await convene(['series', 'update', series.id])).code).toBe(1);
    const renamed = await json(['series', 'update', series.id, '--name', 'Walkthrough series 2019–2020', '--secretariat-name', 'Walkthrough secretariat', '--secretariat-email', 'walkthrough@example.org']);
    expect(renamed).toMatchObject({ id: series.id, name: 'Walkthrough series 2019–2020', secretariat: { name: 'Walkthrough secretariat', email: 'walkthrough@example.org', phone: null } });
    const phoned = await convene(['series', 'update', series.id, '--secretariat-phone', '+41 22 917 1234']);
    expect(phoned.code).toBe(0);
    expect(phoned.stdout).toContain('Series Walkthrough series 2019–2020');
    expect(phoned.stdout).toContain('Secretariat: Walkthrough secretariat <walkthrough@example.org>, +41 22 917 1234');
    expect((await convene(['series', 'update', '00000000-0000-4000-8000-000000000000', '--name', 'Nobody'])).code).toBe(1);

    // A field the API refuses is named, and the command exits 1.
    const refused = await convene(['conference', 'create', '--series', series.id, '--title', 'Minsk', '--country', 'XX']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/The API refused \(400\): .*country/);

    const minsk = await json([
      'conference', 'create', '--series', series.id, '--title', 'Regional conference — Minsk', '--city', 'Minsk', '--country', 'BY',
      '--starts-on', replay('2019-10-03'), '--ends-on', replay('2019-10-04'), '--timezone', 'Europe/Minsk', '--languages', 'en,ru', '--capacity', '120',
    ]);
    expect(minsk).toMatchObject({ kind: 'regional', city: 'Minsk', state: 'planning', languages: ['en', 'ru'], capacity: 120 });
    const updated = await json(['conference', 'update', minsk.id, '--rsvp-deadline', replay('2019-09-15'), '--text', 'ru.title=Региональная конференция — Минск', '--text', 'ru.city=Минск']);
    expect(updated.rsvpDeadline).toContain(replay('2019-09-15'));
    expect(updated.translations).toEqual({ ru: { title: 'Региональная конференция — Минск', city: 'Минск' } });
    expect((await convene(['conference', 'update', minsk.id])).code).toBe(1);
    const listed = await convene(['conference', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/│ Walkthrough series 2019–2020 +│ Regional conference — Minsk +│/);
    expect((await json(['conference', 'show', minsk.id])).rsvpDeadline).toBe(updated.rsvpDeadline);

    const file = join(ARTEFACTS, 'walkthrough-contacts.csv');
    mkdirSync(ARTEFACTS, { recursive: true });
    writeFileSync(file, CSV);
    const imported = await convene(['contacts', 'import', file]);
    expect(imported.code).toBe(3);
    expect(imported.stdout).toContain('4 created, 0 updated, 2 rejected.');
    expect(imported.stdout).toMatch(/│ 4 +│ email: /);
    expect(imported.stdout).toMatch(/│ 5 +│ stakeholderType: /);
    expect(imported.stderr).toBe('');
    const again = JSON.parse((await convene(['--json', 'contacts', 'import', file])).stdout);
    expect(again).toMatchObject({ created: 0, updated: 4, rejected: [{ row: 4 }, { row: 5 }] });
    expect((await convene(['contacts', 'import', join(ARTEFACTS, 'no-such-file.csv')])).code).toBe(1);

    const europeans = await json(['contacts', 'list', '--region', '150']);
    expect(europeans.map((c: any) => c.fullName).sort()).toEqual(['Anna Ivanova', 'Jan Novák', 'Pierre Dupont']);
    const anna = europeans.find((c: any) => c.fullName === 'Anna Ivanova');
    expect((await convene(['contacts', 'show', anna.id])).stdout).toMatch(/│ E-mail +│ a\.ivanova@mfa\.gov\.by/);
    expect((await convene(['contacts', 'list', '--region', 'Atlantis'])).code).toBe(1);

    const preview = await json(['wave', 'preview', minsk.id, '--regions', '150', '--types', 'member_state']);
    expect(preview).toEqual({ audienceSize: 3, alreadyInvited: 0, undeliverable: 0 });
    expect((await convene(['wave', 'preview', minsk.id])).code).toBe(1);
    const wave = await json(['wave', 'create', minsk.id, '--name', 'Europe, first wave', '--regions', '150', '--types', 'member_state']);
    expect(wave).toMatchObject({ state: 'draft', audienceSize: 3 });
    const followed = await convene(['wave', 'dispatch', wave.id, '--follow']);
    expect(followed.code).toBe(0);
    expect(followed.stdout).toContain('Wave Europe, first wave: completed; 3 sent, 0 failed, 0 bounced (3 of 3).');
    const shown = await json(['wave', 'show', wave.id]);
    expect(shown.counts).toMatchObject({ targeted: 3, sent: 3, failed: 0 });
    expect(new Date(shown.dispatchedAt).getTime()).toBeGreaterThanOrEqual(new Date(shown.createdAt).getTime());
    expect((await json(['wave', 'preview', minsk.id, '--regions', '150'])).alreadyInvited).toBe(3);

    const silent = await convene(['invitations', minsk.id, '--response', 'none']);
    expect(silent.code).toBe(0);
    expect(silent.stdout).toMatch(/│ Anna Ivanova +│ Ministry of Foreign Affairs of Belarus +│ BY +│ sent +│ none/);
    expect((await json(['invitations', minsk.id, '--response', 'none'])).length).toBe(3);

    // Anna answers her link: she leaves the non-responders and joins the participants.
    const tokens = await rsvpTokensInOutbox(outbox);
    const annaToken = [...tokens].find(([, to]) => to === 'a.ivanova@mfa.gov.by')?.[0];
    expect(annaToken).toBeDefined();
    const answered = await fetch(`${api.baseUrl}/rsvp/${annaToken}`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ response: 'accept' }) });
    expect(answered.status).toBe(200);
    const stillSilent = await json(['invitations', minsk.id, '--response', 'none']);
    expect(stillSilent.map((i: any) => i.invitee.fullName).sort()).toEqual(['Jan Novák', 'Pierre Dupont']);

    const participants = await convene(['participants', minsk.id]);
    expect(participants.stdout).toMatch(/│ Anna Ivanova +│/);
    const csvFile = join(ARTEFACTS, 'walkthrough-participants.csv');
    expect(await json(['participants', minsk.id, '--csv', csvFile])).toEqual({ file: csvFile, rows: 1 });

    const pdf = new FormData();
    pdf.append('file', new Blob([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')], { type: 'application/pdf' }), 'note verbale.pdf');
    expect((await fetch(`${api.baseUrl}/rsvp/${annaToken}/credentials`, { method: 'POST', body: pdf, headers: { accept: 'application/json' } })).status).toBe(201);
    const [credential] = await json(['credentials', minsk.id]);
    expect(credential).toMatchObject({ status: 'pending', filename: 'note verbale.pdf' });
    expect((await convene(['credentials', 'reject', credential.id])).code).toBe(1);
    const verified = await convene(['credentials', 'verify', credential.id]);
    expect(verified).toMatchObject({ code: 0, stdout: 'Credential note verbale.pdf: verified.\n' });

    const reminders = await json(['reminders', minsk.id]);
    expect(reminders.policy).toMatchObject({ isDefault: true });
    expect(reminders.steps.length).toBeGreaterThan(0);
    expect((await convene(['reminders', minsk.id])).stdout).toContain('Non-responders');

    const status = await convene(['status']);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('Series Walkthrough series 2019–2020');
    expect(status.stdout).toMatch(/│ Minsk +│ regional +│ inviting +│ 3 +│ 1 +│/);
    // Not a terminal: no colour codes in what a script reads.
    expect(status.stdout).not.toContain('\u001b[');

    const key = await json(['keys', 'create', 'walkthrough-viewer', 'viewer']);
    expect((await convene(['wave', 'create', minsk.id, '--name', 'No', '--regions', '150'], key.key)).code).toBe(1);
    expect((await convene(['keys', 'revoke', 'walkthrough-viewer'])).code).toBe(0);
    expect((await convene(['keys', 'list'])).stdout).toMatch(/│ walkthrough-viewer +│ viewer +│ \S+ +│ \S+/);
    expect((await convene(['status'], key.key)).code).toBe(1);

    const erased = await convene(['contacts', 'erase', anna.id]);
    expect(erased.code).toBe(1);
    expect(erased.stderr).toContain("required option '--yes'");
    expect((await convene(['contacts', 'erase', anna.id, '--yes'])).code).toBe(0);
    expect((await convene(['contacts', 'show', anna.id])).code).toBe(1);
    const afterErasure = await json(['invitations', minsk.id]);
    expect(afterErasure.find((i: any) => i.contactId === anna.id).invitee).toBeNull();
  });

  it('sends a browser opening the queue board without a session to sign in; a script still gets the JSON 401', async () => {
    const browser = await fetch(`${api.baseUrl}/admin/queues`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, redirect: 'manual' });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe('/dashboard');
    const script = await api.as(null).get('/admin/queues');
    expect(script.status).toBe(401);
    expect(script.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect((await api.as(null).request('PUT', '/admin/queues/api/queues/clock/pause', undefined, { accept: 'text/html' })).status).toBe(401);
  });

  it('documents every operation with a summary, a description and its refusals, and the wave audience with a real schema', async () => {
    const { body: doc } = await api.get('/docs/openapi.json');
    const undocumented: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, operation] of Object.entries<any>(operations)) {
        if (!operation.summary || !operation.description) undocumented.push(`${method.toUpperCase()} ${path}`);
        if (path.startsWith('/api/') && !operation.responses?.['401']) undocumented.push(`${method.toUpperCase()} ${path}: no 401`);
      }
    }
    expect(undocumented).toEqual([]);
    const wave = doc.components.schemas.CreateWaveDto.properties.audience;
    const audience = doc.components.schemas[(wave.$ref ?? wave.allOf?.[0]?.$ref).split('/').pop()];
    expect(Object.keys(audience.properties).sort()).toEqual(['contactIds', 'countries', 'regions', 'stakeholderTypes']);
    expect(audience.properties.regions).toMatchObject({ type: 'array', items: { type: 'string' } });
    expect(doc.paths['/api/conferences/{id}/transitions'].post.responses['409'].content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorAnswer');
    expect(doc.paths['/api/conferences/{id}/audience-preview'].post.summary).toBe('Preview an audience');
  });
});
