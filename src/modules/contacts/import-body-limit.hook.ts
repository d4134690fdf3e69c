import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { CSV_BODY_LIMIT } from '../../platform/http/http-app';
import { MAX_IMPORT_ROWS } from './contact-import';

/** The service-wide JSON body limit (bootstrap) is 10 MiB; an import in JSON may use all of it. */
export const JSON_IMPORT_LIMIT = 10 * 1024 * 1024;

/** ContactsController's import route. */
const IMPORT_ROUTE = '/api/contacts/import';

const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;

/**
 * Refuses an import whose declared size is over the cap before it is read, with a message saying
 * what the caps are (the body parsers enforce the same caps on bodies sent without a length, with
 * a plainer message).
 */
function refuseOversizedImport(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  if (request.method !== 'POST' || request.routeOptions.url !== IMPORT_ROUTE) return done();
  const length = Number(request.headers['content-length']);
  const limit = /^text\/csv\b/i.test(request.headers['content-type'] ?? '') ? CSV_BODY_LIMIT : JSON_IMPORT_LIMIT;
  if (!Number.isFinite(length) || length <= limit) return done();
  // The unread body is not worth draining: the connection closes after this answer.
  void reply
    .code(HttpStatus.PAYLOAD_TOO_LARGE)
    .header('connection', 'close')
    .send({
      statusCode: HttpStatus.PAYLOAD_TOO_LARGE,
      error: 'Payload Too Large',
      message: `An import body may be at most ${mebibytes(CSV_BODY_LIMIT)} as text/csv or ${mebibytes(JSON_IMPORT_LIMIT)} as JSON, and hold at most ${MAX_IMPORT_ROWS.toLocaleString('en')} rows; this one is ${mebibytes(length)}. Split it into several imports.`,
      code: 'import_body_too_large',
    });
}

/**
 * Registers the above as a hook of the HTTP server rather than as Nest middleware: it was the
 * service's only middleware, and while there is one, every request goes through @fastify/middie's
 * path matching (about 1.5% of the service's CPU time under a wave of answers). No HTTP server (a
 * worker), nothing to register.
 */
@Injectable()
export class ImportBodyLimitHook implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    this.adapterHost.httpAdapter?.getInstance<FastifyInstance>().addHook('onRequest', refuseOversizedImport);
  }
}
