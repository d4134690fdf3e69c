import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The service's own registry, so metrics of several app instances in one process never collide. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'convene_' });

export const jobMetrics = {
  completed: new Counter({
    name: 'convene_jobs_total',
    help: 'Jobs processed, by queue, job name and outcome (done, skipped, failed)',
    labelNames: ['queue', 'job', 'outcome'],
    registers: [metricsRegistry],
  }),
  duration: new Histogram({
    name: 'convene_job_duration_seconds',
    help: 'Time spent processing a job',
    labelNames: ['queue', 'job'],
    buckets: [0.005, 0.02, 0.1, 0.5, 2, 10, 60],
    registers: [metricsRegistry],
  }),
};
