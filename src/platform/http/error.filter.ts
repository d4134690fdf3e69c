import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import { loggableError, loggableMessage } from '../observability/loggable-error';
import { DomainError } from './domain-error';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  [extra: string]: unknown;
}

/** Every error leaves in one shape: { statusCode, error, message } plus what helps to act on it. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE) {
      this.logger.warn({ err: exception instanceof Error ? loggableMessage(exception) : String(exception) }, 'request failed: a store was unreachable');
      void reply.header('retry-after', '1');
    } else if (body.statusCode >= 500) {
      this.logger.error({ err: exception instanceof Error ? loggableError(exception) : exception }, 'request failed');
    }
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return { statusCode: exception.status, error: STATUS_CODES[exception.status] ?? 'Error', message: exception.message, code: exception.code, ...exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const base = { statusCode: status, error: STATUS_CODES[status] ?? 'Error' };
      if (typeof response === 'string') return { ...base, message: response };
      const { message, error: _error, statusCode: _statusCode, ...rest } = response as Record<string, unknown>;
      return { ...base, ...rest, message: Array.isArray(message) ? message.join('; ') : String(message ?? base.error) };
    }
    if (lostConnection(exception)) {
      return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, error: 'Service Unavailable', message: 'The service lost its connection to a store it needs; try again in a moment.' };
    }
    const fastifyError = exception as { statusCode?: number; message?: string; code?: string };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      return { statusCode: fastifyError.statusCode, error: STATUS_CODES[fastifyError.statusCode] ?? 'Error', message: fastifyError.message ?? 'Bad request' };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: 'Internal Server Error', message: 'Something went wrong on our side; the error has been logged.' };
  }
}

/** PostgreSQL's codes for a session ended by the server or a connection that failed. */
const CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

/** A database or Redis connection lost for a moment: the request may succeed again, so 503, not 500. */
function lostConnection(exception: unknown): boolean {
  const error = (exception ?? {}) as { code?: unknown; message?: unknown; driverError?: { code?: unknown; message?: unknown } };
  const code = error.driverError?.code ?? error.code;
  const message = String(error.driverError?.message ?? error.message ?? '');
  return (typeof code === 'string' && CONNECTION_CODES.has(code)) || /Connection terminated|timeout exceeded when trying to connect|Connection is closed/i.test(message);
}
