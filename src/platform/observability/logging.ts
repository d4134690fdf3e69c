import { RequestMethod } from '@nestjs/common';
import { Params } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream } from 'pino';
import { AppConfig } from '../config/app-config';

/** Personal links carry secrets in the path: log the route shape, never the token. */
export function redactUrl(url: string | undefined): string {
  return (url ?? '').replace(/^\/(rsvp|feedback)\/[^/?#]+/, '/$1/:token').replace(/\?.*$/, '');
}

/**
 * Routes without a request log line. The invitees' RSVP link answers a whole wave at once, and the
 * request logger ran on every answer even with its lines below the log level: 6–9% of the service's
 * CPU time in a profile under load. The link's responses are counted by method and status instead
 * (convene_rsvp_responses_total), and a 5xx is still logged by the error filter.
 */
const UNLOGGED_ROUTES = [{ path: 'rsvp/*path', method: RequestMethod.ALL }];

/** `destination` replaces standard output (tests read the lines from it). */
export function loggingOptions(config: AppConfig, destination?: DestinationStream): Params {
  const options: NonNullable<Exclude<Params['pinoHttp'], unknown[]>> = {
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], remove: true },
    serializers: {
      req: (req: IncomingMessage & { id?: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    // Successful requests are debug-level: at load, one info line per answer would cost more than the answer.
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug'),
    autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
  };
  return { exclude: UNLOGGED_ROUTES, pinoHttp: destination ? [options, destination] : options };
}
