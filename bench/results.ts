/**
 * The figures one benchmark hands to `npm run bench` (bench/run.ts): when BENCH_RESULTS names a
 * file, each call appends one JSON line to it; run on its own, a benchmark only prints.
 */
import { appendFileSync } from 'node:fs';
import { peakRssMb, startedServices } from './support';

export interface Figure {
  /** What was measured, e.g. "wave, 100,000 invitees". */
  figure: string;
  value: number;
  unit: string;
  /** The target as the issue words it, e.g. ">= 0.8x the SMTP hand-off" (none: reported only). */
  target?: string;
  met?: boolean;
  /** The machine's limit for the same work measured in the same run, in the same unit. */
  baseline?: number;
  baselineName?: string;
}

export interface BenchResult {
  bench: string;
  figures: Figure[];
  /** Peak resident memory in MiB per process (api, worker, the benchmark process itself, ...). */
  memoryMb: Record<string, number>;
}

/** Hands the figures and the peak memory of the processes measured to the runner, if one listens. */
export function recordResults(bench: string, figures: Figure[], memoryMb: Record<string, number> = {}): void {
  const file = process.env.BENCH_RESULTS;
  if (!file) return;
  const services: Record<string, number> = {};
  startedServices.forEach((service, i) => {
    const name = startedServices.filter((s) => s.role === service.role).length > 1 ? `${service.role} ${i + 1}` : service.role;
    services[name] = Math.max(services[name] ?? 0, service.peakRssMb());
  });
  const result: BenchResult = { bench, figures, memoryMb: { ...services, ...memoryMb, benchmark: peakRssMb(process.pid) } };
  appendFileSync(file, `${JSON.stringify(result)}\n`);
}
