import { HttpStatus, Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CSV_BODY_LIMIT } from '../../platform/http/http-app';
import { MAX_IMPORT_ROWS } from './contact-import';

/** The service-wide JSON body limit (bootstrap) is 10 MiB; an import in JSON may use all of it. */
export const JSON_IMPORT_LIMIT = 10 * 1024 * 1024;

const mebibytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;

/**
 * Refuses an import whose declared size is over the cap before it is read, with a message saying
 * what the caps are (the body parsers enforce the same caps on bodies sent without a length, with
 * a plainer message). Middleware answers on the raw response, outside the exception filter, so
 * it writes the usual error shape itself.
 */
@Injectable()
export class ImportBodyLimit implements NestMiddleware {
  use(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    const length = Number(request.headers['content-length']);
    const limit = /^text\/csv\b/i.test(request.headers['content-type'] ?? '') ? CSV_BODY_LIMIT : JSON_IMPORT_LIMIT;
    if (!Number.isFinite(length) || length <= limit) return next();
    const body = {
      statusCode: HttpStatus.PAYLOAD_TOO_LARGE,
      error: 'Payload Too Large',
      message: `An import body may be at most ${mebibytes(CSV_BODY_LIMIT)} as text/csv or ${mebibytes(JSON_IMPORT_LIMIT)} as JSON, and hold at most ${MAX_IMPORT_ROWS.toLocaleString('en')} rows; this one is ${mebibytes(length)}. Split it into several imports.`,
      code: 'import_body_too_large',
    };
    // The unread body is not worth draining: the connection closes after this answer.
    response.writeHead(HttpStatus.PAYLOAD_TOO_LARGE, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
    response.end(JSON.stringify(body));
  }
}
