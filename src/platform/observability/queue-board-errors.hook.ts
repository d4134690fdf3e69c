import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { isQueueBoardRoute } from './queue-board-access.hook';

/** Redis out of reach, as ioredis and BullMQ word it: the service's fault, for now. */
const UNAVAILABLE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|Connection is closed|connect|timed out|max retries/i;

/**
 * The queue board answers 500 for every error of the action it was asked for, though nearly all
 * are the queue's state refusing it ("Cannot obliterate non-paused queue", a job that is not
 * there): those become a 409 with BullMQ's sentence, Redis out of reach a 503, in the service's
 * error shape.
 */
@Injectable()
export class QueueBoardErrorsHook implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    this.adapterHost.httpAdapter?.getInstance<FastifyInstance>().addHook('onSend', (request, reply, payload, done) => {
      if (reply.statusCode < 500 || !isQueueBoardRoute(request.routeOptions.url) || typeof payload !== 'string') return done(null, payload);
      let reason = '';
      try {
        const parsed = JSON.parse(payload) as { message?: unknown; details?: unknown };
        reason = String(parsed.message ?? parsed.details ?? '');
      } catch {
        return done(null, payload);
      }
      const status = UNAVAILABLE.test(reason) ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.CONFLICT;
      const message =
        status === HttpStatus.CONFLICT ? `The queue cannot do that in its present state: ${reason}.` : 'The queues cannot be reached just now; try again in a moment.';
      void reply.code(status).header('content-type', 'application/json; charset=utf-8');
      done(null, JSON.stringify({ statusCode: status, error: status === HttpStatus.CONFLICT ? 'Conflict' : 'Service Unavailable', message }));
    });
  }
}
