import { HttpStatus, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { CSV_BODY_LIMIT } from '../../platform/http/http-app';
import { RequestHook } from '../../platform/http/request-hook';
import { MAX_IMPORT_ROWS } from './contact-import';

/** The service-wide JSON body limit (bootstrap) is 10 MiB; an import in JSON may use all of it. */
export const JSON_IMPORT_LIMIT = 10 * 1024 * 1024;

/** ContactsController's import route. */
const IMPORT_ROUTE = '/api/contacts/import';

const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;

/**
 * Refuses an import whose declared size is over the cap before it is read, with a message saying
 * what the caps are (the body parsers enforce the same caps on bodies sent without a length, with
 * a plainer message). A hook (see RequestHook), not Nest middleware: middleware would route every
 * request of the service through @fastify/middie.
 */
@Injectable()
export class ImportBodyLimitHook extends RequestHook {
  protected onRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
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
}
