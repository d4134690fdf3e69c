/**
 * `npm run bench [-- --size small|full] [-- --only wave,rsvp]`: every benchmark, each as its own
 * child process on a fresh database and Redis prefix of its own, then one table of what each
 * measured beside the machine's limit for the same work in the same run, written as JSON and
 * Markdown under bench/results/.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchResult, Figure } from './results';

type Size = 'small' | 'full';

interface BenchRun {
  /** Name in the table; several runs may share one script. */
  name: string;
  script: string;
  args?: string[];
  env?: Record<string, string>;
}

/** The wave at three sizes with one and two worker processes: time per invitee must stay flat. */
function waveScaling(sizes: number[]): BenchRun[] {
  return [1, 2].flatMap((workers) => sizes.map((n) => ({ name: `wave ${n / 1000}k x${workers}`, script: 'wave', args: ['--invitees', String(n), '--workers', String(workers)] })));
}

/** The wave once more on a Redis Cluster of three local masters, with one worker process. */
function waveOnCluster(n: number): BenchRun {
  return { name: `wave ${n / 1000}k x1, Redis Cluster`, script: 'wave', args: ['--invitees', String(n), '--workers', '1', '--redis-cluster'] };
}

const RUNS: Record<Size, BenchRun[]> = {
  small: [
    ...waveScaling([1_000, 2_000, 4_000]),
    waveOnCluster(2_000),
    { name: 'rsvp', script: 'rsvp', env: { BENCH_INVITATIONS: '20000', BENCH_SECONDS: '5', BENCH_HEALTH_SECONDS: '3' } },
    { name: 'reminders', script: 'reminders', args: ['--invitees', '2000'] },
    { name: 'pipeline', script: 'pipeline', env: { BENCH_INVITATIONS: '5000' } },
    { name: 'pipeline, many series', script: 'pipeline', env: { BENCH_INVITATIONS: '1000', BENCH_SERIES: '10' } },
    { name: 'logistics', script: 'logistics', env: { BENCH_PARTICIPANTS: '200', BENCH_LIBRARY_BADGES: '30' } },
    { name: 'reports', script: 'reports', env: { BENCH_INVITATIONS: '5000', BENCH_ATTENDED: '1000' } },
    { name: 'webhooks', script: 'webhooks', args: ['--events', '500'] },
  ],
  full: [
    ...waveScaling([10_000, 50_000, 100_000]),
    waveOnCluster(10_000),
    { name: 'rsvp', script: 'rsvp' },
    { name: 'reminders', script: 'reminders', args: ['--invitees', '100000'] },
    { name: 'pipeline', script: 'pipeline', env: { BENCH_INVITATIONS: '100000' } },
    { name: 'pipeline, many series', script: 'pipeline', env: { BENCH_INVITATIONS: '100000', BENCH_SERIES: '10' } },
    { name: 'logistics', script: 'logistics', env: { BENCH_PARTICIPANTS: '5000' } },
    { name: 'reports', script: 'reports' },
    { name: 'webhooks', script: 'webhooks', args: ['--events', '10000'] },
  ],
};

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

interface Outcome {
  run: BenchRun;
  seconds: number;
  exitCode: number;
  results: BenchResult[];
}

async function runOne(run: BenchRun, folder: string): Promise<Outcome> {
  const resultsFile = join(folder, `${run.name.replace(/\W+/g, '-')}.jsonl`);
  writeFileSync(resultsFile, '');
  const started = performance.now();
  console.log(`\n=== ${run.name}`);
  const exitCode = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [join(__dirname, `${run.script}.js`), ...(run.args ?? [])], {
      env: { ...process.env, ...run.env, BENCH_RESULTS: resultsFile, BENCH_NAME: run.name },
      stdio: 'inherit',
    });
    child.once('exit', (code) => resolve(code ?? 1));
  });
  const lines = readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean);
  return { run, seconds: (performance.now() - started) / 1000, exitCode, results: lines.map((line) => JSON.parse(line) as BenchResult) };
}

const number = (value: number) => value.toLocaleString('en', { maximumFractionDigits: 2 });
const ratio = (f: Figure) => (f.baseline ? `${(f.value / f.baseline).toFixed(2)}x` : '');
const verdict = (f: Figure) => (f.met === undefined ? '' : f.met ? 'met' : 'NOT met');

function rows(outcomes: Outcome[]): string[][] {
  return outcomes.flatMap(({ run, exitCode, results }) =>
    exitCode !== 0 || results.length === 0
      ? [[run.name, `failed (exit ${exitCode})`, '', '', '', '', '', 'NOT met']]
      : results.flatMap((r) => r.figures.map((f) => [run.name, f.figure, `${number(f.value)} ${f.unit}`.trim(), f.target ?? '', f.baseline === undefined ? '' : `${number(f.baseline)} ${f.unit}`.trim(), f.baselineName ?? '', ratio(f), verdict(f)])),
  );
}

const HEADER = ['benchmark', 'figure', 'value', 'target', 'baseline (same run)', 'baseline is', 'ratio', 'target met'];

function markdownTable(header: string[], body: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}

function textTable(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  return [header, ...body].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

function memoryRows(outcomes: Outcome[]): string[][] {
  return outcomes.flatMap(({ run, results }) => results.map((r) => [run.name, Object.entries(r.memoryMb).map(([p, mb]) => `${p} ${mb} MiB`).join(', ')]));
}

async function main(): Promise<void> {
  const size = (option('size') ?? 'full') as Size;
  if (!RUNS[size]) throw new Error(`--size must be small or full, not ${size}`);
  const only = option('only')?.split(',');
  const runs = RUNS[size].filter((r) => !only || only.includes(r.script));
  const folder = mkdtempSync(join(tmpdir(), 'convene-bench-'));
  const startedAt = new Date();
  const loadBefore = loadavg();
  const started = performance.now();
  const outcomes: Outcome[] = [];
  try {
    for (const run of runs) outcomes.push(await runOne(run, folder));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const minutes = (performance.now() - started) / 60_000;
  const loadAfter = loadavg();
  const machine = `${availableParallelism()} cores, node ${process.version}; load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} at the start, ${loadAfter.map((l) => l.toFixed(1)).join(' ')} at the end`;
  const body = rows(outcomes);
  const durations = outcomes.map((o) => [o.run.name, `${o.seconds.toFixed(0)} s`]);

  console.log(`\n${textTable(HEADER, body)}\n\npeak resident memory\n${textTable(['benchmark', 'process'], memoryRows(outcomes))}`);
  console.log(`\n--size ${size}: ${minutes.toFixed(1)} min; ${machine}`);

  const out = join(process.cwd(), 'bench', 'results');
  mkdirSync(out, { recursive: true });
  const json = { size, startedAt: startedAt.toISOString(), minutes: Number(minutes.toFixed(1)), machine, loadAverage: { start: loadBefore, end: loadAfter }, benchmarks: outcomes.map((o) => ({ name: o.run.name, seconds: Math.round(o.seconds), exitCode: o.exitCode, results: o.results })) };
  writeFileSync(join(out, `${size}.json`), `${JSON.stringify(json, null, 2)}\n`);
  const markdown = [
    `# Benchmarks, --size ${size}`,
    '',
    `Run at ${startedAt.toISOString()} in ${minutes.toFixed(1)} min on ${machine}.`,
    '',
    markdownTable(HEADER, body),
    '',
    '## Peak resident memory',
    '',
    markdownTable(['benchmark', 'processes'], memoryRows(outcomes)),
    '',
    '## Time per benchmark',
    '',
    markdownTable(['benchmark', 'wall time'], durations),
    '',
  ].join('\n');
  writeFileSync(join(out, `${size}.md`), markdown);
  console.log(`written: bench/results/${size}.json and bench/results/${size}.md`);
  if (outcomes.some((o) => o.exitCode !== 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
