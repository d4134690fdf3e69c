import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { DOMAIN_EVENT_BATCH_HANDLER, DOMAIN_EVENT_HANDLER } from './on-domain-event.decorator';
import { DomainEvent, DomainEventType } from './domain-events';

export interface DomainEventHandler {
  key: string;
  types: DomainEventType[];
  handle: (event: DomainEvent) => Promise<unknown>;
  /** Set for an @OnDomainEvents handler: the events of one job in one call. */
  handleMany?: (events: DomainEvent[]) => Promise<unknown>;
}

/** Finds every @OnDomainEvent method once at boot; the relay fans out to them, the consumer calls them. */
@Injectable()
export class DomainEventHandlers implements OnModuleInit {
  private readonly byKey = new Map<string, DomainEventHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method] as ((events: DomainEvent | DomainEvent[]) => Promise<unknown>) | undefined;
        const single = fn && this.reflector.get<DomainEventType[] | undefined>(DOMAIN_EVENT_HANDLER, fn);
        const many = fn && this.reflector.get<DomainEventType[] | undefined>(DOMAIN_EVENT_BATCH_HANDLER, fn);
        const types = single ?? many;
        if (!fn || !types) continue;
        const key = `${instance.constructor.name}.${method}`;
        if (this.byKey.has(key)) throw new Error(`Domain event handler ${key} is registered twice.`);
        const handleMany = many ? (events: DomainEvent[]) => fn.call(instance, events) : undefined;
        this.byKey.set(key, { key, types, handle: handleMany ? (event) => handleMany([event]) : (event) => fn.call(instance, event), handleMany });
      }
    }
  }

  subscribersOf(type: string): DomainEventHandler[] {
    return [...this.byKey.values()].filter((h) => h.types.includes(type as DomainEventType));
  }

  get(key: string): DomainEventHandler | undefined {
    return this.byKey.get(key);
  }
}
