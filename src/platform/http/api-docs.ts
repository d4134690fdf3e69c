import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiResponse } from '@nestjs/swagger';

/** Every refusal of the API has this shape; some add a code, the fields at fault or the failing guards. */
export class ErrorAnswer {
  @ApiProperty({ example: 400 })
  statusCode!: number;

  @ApiProperty({ example: 'Bad Request' })
  error!: string;

  @ApiProperty({ example: 'rsvpDeadline must be a date (YYYY-MM-DD)' })
  message!: string;

  @ApiProperty({ required: false, example: 'invalid_audience', description: 'A stable code for scripts' })
  code?: string;

  @ApiProperty({ required: false, example: [{ field: 'rsvpDeadline', problems: ['must be a date (YYYY-MM-DD)'] }], description: 'On a 400: each field at fault with its problems' })
  fields?: Array<{ field: string; problems: string[] }>;

  @ApiProperty({ required: false, example: [{ guard: 'rsvp_deadline_set', message: 'Set the RSVP deadline (rsvpDeadline).' }], description: 'On a refused transition: every condition still missing' })
  failedGuards?: Array<{ guard: string; message: string }>;
}

const ERRORS: Record<number, string> = {
  400: 'The request is malformed or a field is invalid; `fields` names each one. Unknown fields are refused.',
  401: 'No API key or browser session, or one that is unknown, revoked or ended.',
  403: "The key's role may not do this (viewers read; admins and coordinators act; keys are for admins).",
  404: 'Nothing with this id.',
  409: 'The current state does not allow it; the message says why (for a transition, `failedGuards` lists each missing condition).',
  413: 'The body is larger than this operation accepts.',
  415: 'The body is not of a type this operation accepts.',
};

export interface OperationDoc {
  summary: string;
  description: string;
  /** Refusals this operation can answer besides 401 and 403, which every authenticated route can. */
  errors?: number[];
  /** An example of the successful answer. */
  example?: unknown;
  /** The status of the successful answer; 200 when left out. */
  status?: number;
  /** Public routes (no key) answer neither 401 nor 403. */
  public?: boolean;
}

/** Summary, description, an example answer and the documented refusals of one operation, in one decorator. */
export function Doc(doc: OperationDoc): MethodDecorator {
  const refusals = [...new Set([...(doc.public ? [] : [401, 403]), ...(doc.errors ?? [])])].sort();
  return applyDecorators(
    ApiOperation({ summary: doc.summary, description: doc.description }),
    ...(doc.example !== undefined ? [ApiResponse({ status: doc.status ?? 200, description: 'Done', schema: { example: doc.example } })] : []),
    ...refusals.map((status) => ApiResponse({ status, description: ERRORS[status] ?? 'Refused', type: ErrorAnswer })),
  );
}
