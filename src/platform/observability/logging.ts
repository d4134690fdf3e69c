import { DynamicModule, Inject, Injectable, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream } from 'pino';
import { HttpLogger, Options, pinoHttp, startTime } from 'pino-http';
import { AppConfig } from '../config/app-config';
import { RequestHook } from '../http/request-hook';

/** The first path segments the service answers under; any other is logged as `*`. */
const SERVICE_AREAS = new Set(['api', 'rsvp', 'feedback', 'dashboard', 'checkin', 'admin', 'docs', 'health', 'metrics']);

/** The raw request, with the route pattern the router matched (set by the hook below). */
type RoutedMessage = IncomingMessage & { id?: string; route?: string };

/**
 * What a request line calls the path: the route pattern it matched (`/rsvp/:token`), never the path
 * itself, so no token, e-mail or search term reaches the log. A path that matched no route keeps
 * only its first segment, decoded, with each further segment as `*`: `/%72svp/<token>/x` becomes
 * `rsvp` followed by two stars.
 */
export function loggedPath(route: string | undefined, url: string | undefined): string {
  if (route !== undefined) return route;
  const path = (url ?? '').replace(/[?#].*$/s, '');
  const [first = '', ...rest] = path.split('/').filter((segment) => segment !== '');
  let head: string;
  try {
    head = decodeURIComponent(first).toLowerCase();
  } catch {
    head = '';
  }
  const segments = [SERVICE_AREAS.has(head) ? head : '*', ...rest.map(() => '*')];
  return first === '' ? '/' : `/${segments.join('/')}`;
}

/**
 * Routes without a request log line, by the route the request matched (an encoded path that reaches
 * the RSVP route is still that route). The invitees' RSVP link answers a whole wave at once: the
 * link's responses are counted by method and status instead (convene_rsvp_responses_total), and a 5xx
 * is still logged by the error filter.
 */
function unlogged(route: string | undefined): boolean {
  return route !== undefined && (route.startsWith('/rsvp/') || route === '/health' || route === '/metrics');
}

function requestLogOptions(config: Pick<AppConfig, 'logLevel'>): Options {
  return {
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], remove: true },
    serializers: {
      // pino-http hands serializers its own view of the request, with the original as `raw`.
      req: (req: RoutedMessage & { raw?: RoutedMessage }) => ({ id: req.id, method: req.method, url: loggedPath((req.raw ?? req).route, req.url) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    // Successful requests are debug-level: at load, one info line per answer would cost more than the answer.
    customLogLevel: (_req, res, err) => requestLevel(res.statusCode, err),
  };
}

const requestLevel = (status: number, err?: unknown) => (err || status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug');

const REQUEST_LOGGER = Symbol('REQUEST_LOGGER');

/**
 * Request lines come from a hook (see RequestHook), not from nestjs-pino's middleware. That
 * middleware runs every request through @fastify/middie's Node-style wrappers and keeps each
 * request's logger in an AsyncLocalStorage, which on Node 20 puts a hook on every promise the
 * process makes, mostly for routes that log nothing. Application lines therefore carry no request id.
 */
@Injectable()
class RequestLogHook extends RequestHook {
  constructor(
    adapterHost: HttpAdapterHost,
    @Inject(REQUEST_LOGGER) private readonly logRequest: HttpLogger,
  ) {
    super(adapterHost);
  }

  override onModuleInit(): void {
    super.onModuleInit();
    this.adapterHost.httpAdapter?.getInstance<FastifyInstance>().addHook('onSend', (request, reply, payload, done) => {
      // Below debug level a request is handed to pino-http only once its status says it will be logged.
      const res = reply.raw as ServerResponse & { [startTime]?: number };
      if (res[startTime] !== undefined && !res.log && this.logRequest.logger.isLevelEnabled(requestLevel(reply.statusCode))) this.logRequest(request.raw, res);
      done(null, payload);
    });
  }

  protected onRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    if (!unlogged(request.routeOptions.url)) {
      // The line names the request by the id Fastify gave it, and the path by the route it matched.
      const raw = request.raw as RoutedMessage;
      raw.id = String(request.id);
      raw.route = request.routeOptions.url;
      const res = reply.raw as ServerResponse & { [startTime]?: number };
      // Below debug level a success writes no line, so pino-http's per-request logger is made only when a line can be.
      if (this.logRequest.logger.isLevelEnabled('debug')) this.logRequest(raw, res);
      else res[startTime] = Date.now();
    }
    done();
  }
}

/**
 * The service's logger: nestjs-pino's Logger for application lines and pino-http's request lines,
 * both through one pino instance. `destination` replaces standard output (tests read the lines from it).
 */
@Module({})
export class LoggingModule {
  static forRoot(config: Pick<AppConfig, 'logLevel'>, destination?: DestinationStream): DynamicModule {
    const requestLogger = destination ? pinoHttp(requestLogOptions(config), destination) : pinoHttp(requestLogOptions(config));
    return {
      module: LoggingModule,
      // No routes for nestjs-pino's own request middleware: the hook above logs requests.
      imports: [LoggerModule.forRoot({ pinoHttp: { logger: requestLogger.logger }, forRoutes: [] })],
      providers: [{ provide: REQUEST_LOGGER, useValue: requestLogger }, RequestLogHook],
    };
  }
}
