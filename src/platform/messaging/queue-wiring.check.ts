import { PROCESSOR_METADATA } from '@nestjs/bullmq/dist/bull.constants';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { QUEUES } from './queue-catalog';

/** In a consuming process, every declared queue must have exactly one consumer: miswiring stops the boot. */
@Injectable()
export class QueueWiringCheck implements OnApplicationBootstrap {
  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    const consumers = new Map<string, string[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
      if (!type || typeof type !== 'function') continue;
      const meta = Reflect.getMetadata(PROCESSOR_METADATA, type) as { name?: string } | undefined;
      if (!meta?.name) continue;
      consumers.set(meta.name, [...(consumers.get(meta.name) ?? []), type.name]);
    }
    const problems: string[] = [];
    for (const queue of Object.values(QUEUES)) {
      const found = consumers.get(queue) ?? [];
      if (found.length !== 1) problems.push(`queue "${queue}" has ${found.length} consumers${found.length ? ` (${found.join(', ')})` : ''}`);
    }
    for (const queue of consumers.keys()) {
      if (!(Object.values(QUEUES) as string[]).includes(queue)) problems.push(`consumer for undeclared queue "${queue}"`);
    }
    if (problems.length) throw new Error(`Queue wiring is wrong: ${problems.join('; ')}.`);
  }
}
