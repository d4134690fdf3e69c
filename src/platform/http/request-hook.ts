import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/**
 * A Fastify `onRequest` hook, registered when the process serves HTTP (a worker has no server, and
 * registers nothing). Work every request of a route needs before Nest sees it is done here rather
 * than as Nest middleware: while the service has no middleware at all, no request goes through
 * @fastify/middie's path matching and Node-style wrappers.
 */
@Injectable()
export abstract class RequestHook implements OnModuleInit {
  constructor(protected readonly adapterHost: HttpAdapterHost) {}

  /** Calls `done()` to go on, or answers through `reply` to stop the request here. */
  protected abstract onRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void;

  onModuleInit(): void {
    this.adapterHost.httpAdapter?.getInstance<FastifyInstance>().addHook('onRequest', (request, reply, done) => this.onRequest(request, reply, done));
  }
}
