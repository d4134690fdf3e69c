import type { ThrottlerLimitDetail } from '@nestjs/throttler';

/** The sentence of a 429 from a per-address limit, the same for every public link. */
export const tooManyRequestsMessage = (_context: unknown, limit: ThrottlerLimitDetail): string =>
  `Too many requests from your address (more than ${limit.limit} a minute); try again in ${limit.timeToBlockExpire} seconds.`;
