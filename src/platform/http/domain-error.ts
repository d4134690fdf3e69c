import { HttpStatus } from '@nestjs/common';

/**
 * A refusal a person can act on: a stable code for clients, a sentence for people,
 * and the HTTP status the global filter maps it to.
 */
export class DomainError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  static notFound(what: string, id: string): DomainError {
    return new DomainError(HttpStatus.NOT_FOUND, `${what.toLowerCase().replace(/\s+/g, '_')}_not_found`, `No ${what} with id ${id}.`);
  }

  static conflict(code: string, message: string, details: Record<string, unknown> = {}): DomainError {
    return new DomainError(HttpStatus.CONFLICT, code, message, details);
  }

  static badRequest(code: string, message: string, details: Record<string, unknown> = {}): DomainError {
    return new DomainError(HttpStatus.BAD_REQUEST, code, message, details);
  }
}
