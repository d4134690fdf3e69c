import { Logger } from '@nestjs/common';

const logger = new Logger('queue');

/** How long a request waits for Redis to take a job whose work PostgreSQL already records. */
export const ENQUEUE_WAIT_MS = 1_000;

/**
 * Waits a short while for a queue write that follows a committed state change. While Redis is down
 * the client keeps the command and sends it on reconnection, and the reconcilers rebuild the job from
 * PostgreSQL in any case, so the request answers instead of hanging until Redis is back.
 * Resolves true when Redis took the job in time.
 */
export async function enqueueWithin(write: Promise<unknown>, what: string, ms = ENQUEUE_WAIT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  try {
    const outcome = await Promise.race([write.then(() => 'taken' as const), late]);
    if (outcome === 'late') {
      write.catch(() => undefined);
      logger.warn({ job: what, waitedMs: ms }, 'Redis did not take the job in time; it is sent on reconnection or rebuilt from the database');
      return false;
    }
    return true;
  } catch (error) {
    logger.warn({ job: what, err: (error as Error).message }, 'Redis refused the job; the reconciler rebuilds it from the database');
    return false;
  } finally {
    clearTimeout(timer);
  }
}
