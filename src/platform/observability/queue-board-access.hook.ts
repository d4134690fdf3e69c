import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { ApiKeysService } from '../auth/api-keys.service';
import { BrowserSessionsService } from '../auth/browser-sessions.service';
import { fromThisSite, presentedCredential } from '../auth/session-cookie';
import { Role } from '../auth/roles';
import { RequestHook } from '../http/request-hook';

export const QUEUE_BOARD_ROUTE = '/admin/queues';

/** The board is an operator's page: nothing from outside, never framed, never sniffed or cached. */
const QUEUE_BOARD_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** Who may look at the queues and who may act on them (pause, retry, clean, obliterate). */
const MAY_LOOK: ReadonlySet<Role> = new Set<Role>(['admin', 'coordinator', 'viewer']);
const MAY_ACT: ReadonlySet<Role> = new Set<Role>(['admin']);

export const mayOpenQueueBoard = (role: Role) => MAY_LOOK.has(role);

/**
 * The board's routes belong to the route pattern the router matched, whatever the spelling of the
 * path (`/%61dmin/queues` matches `/admin/queues`), and a path that matched none of them is a 404.
 */
export function isQueueBoardRoute(route: string | undefined): boolean {
  return route !== undefined && (route === QUEUE_BOARD_ROUTE || route.startsWith(`${QUEUE_BOARD_ROUTE}/`));
}

/**
 * The queue board is mounted outside Nest's router, so Nest's guard never sees it: its access check
 * is this hook, on every route of the board.
 */
@Injectable()
export class QueueBoardAccessHook extends RequestHook {
  constructor(
    adapterHost: HttpAdapterHost,
    private readonly apiKeys: ApiKeysService,
    private readonly sessions: BrowserSessionsService,
  ) {
    super(adapterHost);
  }

  protected onRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    if (!isQueueBoardRoute(request.routeOptions.url)) return done();
    reply.headers(QUEUE_BOARD_HEADERS);
    this.check(request, reply).then(
      (refusal) => (refusal ? void reply.code(refusal.statusCode).send(refusal) : reply.sent ? undefined : done()),
      (error: Error) => done(error),
    );
  }

  private async check(request: FastifyRequest, reply: FastifyReply): Promise<{ statusCode: number; error: string; message: string } | null> {
    const reading = request.method === 'GET' || request.method === 'HEAD';
    const presented = presentedCredential(request);
    // The board's own UI cannot send the dashboard header, so a session write must at least come from this site.
    if (presented?.via === 'session' && !reading && !fromThisSite(request, 'refuse')) {
      return { statusCode: 403, error: 'Forbidden', message: 'Queue actions from the dashboard session must come from this site.' };
    }
    const caller =
      presented?.via === 'session'
        ? await this.sessions.authenticate(presented.sessionId)
        : presented?.via === 'bearer'
          ? await this.apiKeys.authenticate(presented.key)
          : null;
    if (!caller && request.method === 'GET' && acceptsHtml(request)) {
      // A person opening the board in a browser is sent to sign in; scripts still get the JSON 401.
      void reply.redirect('/dashboard', 303);
      return null;
    }
    if (!caller) {
      void reply.header('www-authenticate', 'Bearer');
      return { statusCode: 401, error: 'Unauthorized', message: 'The queue dashboard needs an API key: sign in on /dashboard or send Authorization: Bearer <key>.' };
    }
    if (!MAY_LOOK.has(caller.role)) return { statusCode: 403, error: 'Forbidden', message: `A ${caller.role} key cannot open the queue dashboard.` };
    if (!reading && !MAY_ACT.has(caller.role)) {
      return { statusCode: 403, error: 'Forbidden', message: 'Only an admin key may act on the queues; this key may only look.' };
    }
    return null;
  }
}

/** A browser's navigation asks for HTML; fetch() and curl ask for JSON or anything. */
function acceptsHtml(request: FastifyRequest): boolean {
  return /\btext\/html\b/.test(request.headers.accept ?? '');
}
