import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import { loggableError } from '../observability/loggable-error';
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
    if (body.statusCode >= 500) {
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
    const fastifyError = exception as { statusCode?: number; message?: string; code?: string };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      return { statusCode: fastifyError.statusCode, error: STATUS_CODES[fastifyError.statusCode] ?? 'Error', message: fastifyError.message ?? 'Bad request' };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, error: 'Internal Server Error', message: 'Something went wrong on our side; the error has been logged.' };
  }
}
