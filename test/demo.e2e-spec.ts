import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAST_SIZE, answerOf, attends, delegatesOf, demoDirectory, regionalAudience } from '../src/cli/demo-directory';
import { modelSeries } from '../src/cli/model-series';
import { POSTGRES_URL, REDIS_URL, withAdminClient } from './support/databases';

const SEED = 7;

/** What the summit report must count, worked out from the directory the demo imports and the choices its seed makes. */
function expectedTotals() {
  const directory = demoDirectory();
  const totals = { invited: 0, accepted: 0, attended: 0 };
  const countries = new Set<string>();
  const organisations = new Set<string>();
  for (const conference of modelSeries().regionals) {
    const audience = regionalAudience(directory, conference.country, conference.city, FAST_SIZE, SEED);
    totals.invited += audience.length;
    for (const contact of audience.filter((c) => answerOf(c.email, conference.city, SEED) === 'accept')) {
      totals.accepted++;
      const people = [contact.email, ...delegatesOf(contact.email, FAST_SIZE.delegationQuota, FAST_SIZE.delegates, SEED).map((d) => d.email)];
      const came = people.filter((email) => attends(email, conference.city, SEED)).length;
      totals.attended += came;
      if (came === 0) continue;
      if (contact.country) countries.add(contact.country);
      if (contact.organisation) organisations.add(contact.organisation.toLowerCase());
    }
  }
  return { ...totals, countries: countries.size, organisations: organisations.size };
}

function runDemo(env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'demo', '--', '--fast', '--seed', String(SEED)], { cwd: join(__dirname, '..'), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run demo -- --fast', () => {
  const database = `convene_t_demo_${randomBytes(4).toString('hex')}`;
  let folder: string;
  let run: { code: number | null; stdout: string; stderr: string };
  let files: Array<{ what: string; path: string }>;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'convene-demo-test-'));
    run = await runDemo({ ...process.env, DATABASE_URL: POSTGRES_URL, REDIS_URL, DEMO_DATABASE: database, TMPDIR: folder, LOG_LEVEL: 'warn' });
    const listed = run.stdout.split('\nFiles\n')[1] ?? '';
    files = [...listed.matchAll(/^ {2}(.+?) {2,}(\/\S+)$/gm)].map((m) => ({ what: m[1].trim(), path: m[2] }));
  }, 600_000);

  afterAll(async () => {
    await withAdminClient((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('lives the year to the summit report and exits 0', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Dry run completed.');
    expect(run.stdout).toMatch(/Port of Spain: cannot be ready yet: task '.+' due \d{4}-\d{2}-\d{2} not done/);
    expect(run.stdout).toMatch(/Minsk: one delegation's note verbale rejected \(not signed\); the delegation sent a signed one/);
    expect(run.stdout).toMatch(/Summit: registration_closed -> ready \(commanded\)/);
    expect(run.stdout).toMatch(/Summit readiness: ready/);
  });

  it('names the reports, a list of participants and a badge, written into its own folder, each of which parses', () => {
    const names = files.map((f) => f.path.split('/').pop()).sort();
    expect(names).toEqual(
      ['badge-minsk.pdf', 'participants-minsk.pdf', 'report-summit.md', 'report-summit.pdf', ...['minsk', 'port-of-spain', 'budapest', 'abu-dhabi', 'vienna'].flatMap((c) => [`report-${c}.md`, `report-${c}.pdf`])].sort(),
    );
    for (const file of files) {
      expect(file.path.startsWith(folder)).toBe(true);
      expect(existsSync(file.path)).toBe(true);
      if (file.path.endsWith('.md')) {
        const md = readFileSync(file.path, 'utf8');
        expect(md).toMatch(/^# \S/);
        expect(md).toMatch(/^\| --- \|/m);
      } else {
        const text = execFileSync('pdftotext', ['-layout', file.path, '-'], { encoding: 'utf8' });
        expect(text.trim().length).toBeGreaterThan(20);
      }
    }
    const pdfText = (name: string) => execFileSync('pdftotext', ['-layout', files.find((f) => f.path.endsWith(name))!.path, '-'], { encoding: 'utf8' });
    expect(pdfText('participants-minsk.pdf')).toContain('Provisional list of participants');
    expect(pdfText('report-minsk.pdf')).toContain('Follow-up report');
    expect(pdfText('badge-minsk.pdf')).toContain('Countering terrorism with new technologies');
  });

  it('totals in the summit report what the directory and the seed say: invited, accepted, attended, countries, organisations', () => {
    const md = readFileSync(files.find((f) => f.path.endsWith('report-summit.md'))!.path, 'utf8');
    const value = (measure: string) => Number(new RegExp(`^\\| ${measure.replace(/[()]/g, '\\$&')} \\| (\\d+) \\|$`, 'm').exec(md)?.[1]);
    const inReport = { invited: value('Invited'), accepted: value('Accepted'), attended: value('Attended'), countries: value('Countries (distinct)'), organisations: value('Organisations (distinct)') };
    const expected = expectedTotals();
    expect(inReport).toEqual(expected);
    expect(run.stdout).toContain(`Summit report totals: ${expected.invited} invited, ${expected.accepted} accepted, ${expected.attended} attended, ${expected.countries} countries, ${expected.organisations} organisations.`);
    const pdf = execFileSync('pdftotext', ['-layout', files.find((f) => f.path.endsWith('report-summit.pdf'))!.path, '-'], { encoding: 'utf8' });
    expect(pdf).toMatch(new RegExp(`Countries \\(distinct\\)\\s+${expected.countries}`));
  });
});
