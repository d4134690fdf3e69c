import { DynamicModule, Inject, Injectable, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream } from 'pino';
import { HttpLogger, Options, pinoHttp } from 'pino-http';
import { AppConfig } from '../config/app-config';
import { RequestHook } from '../http/request-hook';

/** Personal links carry secrets in the path: log the route shape, never the token. */
export function redactUrl(url: string | undefined): string {
  return (url ?? '').replace(/^\/(rsvp|feedback)\/[^/?#]+/, '/$1/:token').replace(/\?.*$/, '');
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
      req: (req: IncomingMessage & { id?: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    // Successful requests are debug-level: at load, one info line per answer would cost more than the answer.
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug'),
  };
}

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

  protected onRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    if (!unlogged(request.routeOptions.url)) {
      // The line names the request by the id Fastify gave it.
      (request.raw as IncomingMessage & { id?: string }).id = String(request.id);
      this.logRequest(request.raw, reply.raw);
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
