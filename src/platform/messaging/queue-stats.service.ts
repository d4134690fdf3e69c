import { getQueueToken } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { QUEUES, QueueName } from './queue-catalog';

export interface QueueDepth {
  queue: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/** Depth of every declared queue, read from Redis; for metrics, health and the pipeline view. */
@Injectable()
export class QueueStatsService {
  constructor(private readonly moduleRef: ModuleRef) {}

  queues(): Queue[] {
    return Object.values(QUEUES).map((name) => this.moduleRef.get<Queue>(getQueueToken(name), { strict: false }));
  }

  async depths(): Promise<QueueDepth[]> {
    return Promise.all(
      this.queues().map(async (queue) => {
        const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
        return {
          queue: queue.name as QueueName,
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
        };
      }),
    );
  }

  /** Rejects when Redis does not answer within `timeoutMs`: its client would otherwise wait for a reconnection. */
  async ping(timeoutMs = 1_500): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    // Any read proves the connection; a count is one cheap command.
    const read = this.queues()[0].count();
    read.catch(() => undefined);
    try {
      await Promise.race([read, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
