import { BadRequestException, HttpStatus } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from './domain-error';

/** What the public personal-link pages (RSVP, feedback) share: how they choose between page and JSON, and how they word a refusal. */

export const isForm = (request: FastifyRequest) => /^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '');

/** JSON when the client asks for it first (or posted JSON without saying); otherwise the web page. */
export function wantsJson(request: FastifyRequest, posted: 'json' | 'form' | 'none'): boolean {
  const accept = (request.headers.accept ?? '').toLowerCase();
  const json = accept.indexOf('application/json');
  const html = accept.indexOf('text/html');
  if (json >= 0 && (html < 0 || json < html)) return true;
  if (html >= 0) return false;
  return posted === 'json';
}

export const errorStatus = (error: unknown) =>
  error instanceof DomainError ? error.status : error instanceof BadRequestException ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;

/** A refusal in words, for the page: the problems of a validation error, or the DomainError's sentence. */
export function problemText(error: unknown): string {
  if (error instanceof BadRequestException) {
    const response = error.getResponse() as { message?: string | string[] };
    return Array.isArray(response.message) ? response.message.join('; ') : String(response.message ?? error.message);
  }
  return (error as Error).message;
}
