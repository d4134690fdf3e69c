import { HttpStatus, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Counter } from 'prom-client';
import { isForm, wantsJson } from '../../platform/http/public-page';
import { RequestHook } from '../../platform/http/request-hook';
import { metricsRegistry } from '../../platform/observability/metrics';
import { MAX_TOKEN_LENGTH } from '../invitations';
import { renderUnknownLinkPage } from './rsvp-page';

/** The RSVP link has no request log line (see logging.ts): what it answered is counted here. */
const rsvpResponses = new Counter({
  name: 'convene_rsvp_responses_total',
  help: 'Responses of the RSVP link (page, answer, upload) by method and status code',
  labelNames: ['method', 'status'],
  registers: [metricsRegistry],
});

/** The RSVP controller's routes, as the router names them. */
const RSVP_ROUTES: ReadonlySet<string> = new Set(['/rsvp/:token', '/rsvp/:token/credentials']);

const RSVP_HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** As the RSVP controller chooses: JSON when asked for first, else the page, else JSON for a post that is not a form. */
const answersJson = (request: FastifyRequest) => wantsJson(request, request.method === 'POST' && !isForm(request) ? 'json' : 'none');

/**
 * Every answer of an RSVP route, however its path is spelled (the router decodes `/%72svp/...`):
 * never cached (it holds a person's answer), never referred (the URL is the key), never framed, and
 * counted. An overlong token gets the same 404 as any unknown one.
 */
@Injectable()
export class RsvpHttpHook extends RequestHook {
  protected onRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    if (!RSVP_ROUTES.has(request.routeOptions.url ?? '')) return done();
    const response = reply.raw;
    response.once('finish', () => rsvpResponses.inc({ method: request.method, status: response.statusCode }));
    reply.headers(RSVP_HEADERS);
    const { token } = request.params as { token?: string };
    if ((token ?? '').length <= MAX_TOKEN_LENGTH) return done();
    if (!answersJson(request)) {
      void reply.code(HttpStatus.NOT_FOUND).type('text/html; charset=utf-8').send(renderUnknownLinkPage());
      return;
    }
    void reply.code(HttpStatus.NOT_FOUND).send({
      statusCode: 404,
      error: 'Not Found',
      message: 'This invitation link is not valid. Check that the whole address was copied from the e-mail, or contact the secretariat.',
      code: 'rsvp_link_unknown',
    });
  }
}
