import { HttpStatus, Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter } from 'prom-client';
import { metricsRegistry } from '../../platform/observability/metrics';

/** Longer than any token this service issues: answered here, before the router turns it into a 404 that quotes the path. */
const MAX_TOKEN_LENGTH = 96;

/** The RSVP link has no request log line (see logging.ts): what it answered is counted here. */
const rsvpResponses = new Counter({
  name: 'convene_rsvp_responses_total',
  help: 'Responses of the RSVP link (page, answer, upload) by method and status code',
  labelNames: ['method', 'status'],
  registers: [metricsRegistry],
});

/**
 * Every answer on /rsvp: never cached (it holds a person's answer), never referred (the URL is the
 * key), never framed, and counted. An overlong token gets the same 404 as any unknown one.
 */
@Injectable()
export class RsvpHttpMiddleware implements NestMiddleware {
  use(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    response.once('finish', () => rsvpResponses.inc({ method: request.method, status: response.statusCode }));
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    const token = /^\/rsvp\/([^/?#]*)/.exec(request.url ?? '')?.[1] ?? '';
    if (token.length <= MAX_TOKEN_LENGTH) return next();
    response.writeHead(HttpStatus.NOT_FOUND, { 'content-type': 'application/json; charset=utf-8' });
    response.end(
      JSON.stringify({
        statusCode: 404,
        error: 'Not Found',
        message: 'This invitation link is not valid. Check that the whole address was copied from the e-mail, or contact the secretariat.',
        code: 'rsvp_link_unknown',
      }),
    );
  }
}
