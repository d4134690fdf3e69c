/** A double-quoted literal in a PostgreSQL message, with its escaped quotes. */
const QUOTED = /"(?:[^"\\]|\\.)*"/g;

const ADDRESS = /[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g;

/** The text with every e-mail address replaced. */
export const redactAddresses = (text: string) => text.replace(ADDRESS, '<address>');

/**
 * The message of an error as a log line may hold it. PostgreSQL's data exceptions (SQLSTATE class
 * 22) quote the value they refused (`invalid input syntax for type uuid: "<what was sent>"`), which
 * may be an e-mail address, a name or a token, so their quoted literals are dropped.
 */
export function loggableMessage(error: { message?: unknown; code?: unknown }): string {
  const message = redactAddresses(String(error.message ?? ''));
  return typeof error.code === 'string' && error.code.startsWith('22') ? message.replace(QUOTED, '"<value>"') : message;
}

/** name, message and stack of an error, with the message made loggable in the stack's first line too. */
export function loggableError(error: Error & { code?: unknown }): { name: string; code?: string; message: string; stack?: string } {
  const message = loggableMessage(error);
  const stack = error.stack === undefined ? undefined : error.stack.split(String(error.message)).join(message);
  return { name: error.name, ...(typeof error.code === 'string' ? { code: error.code } : {}), message, stack };
}

/**
 * The same error, its message and stack made loggable in place (so its class, which BullMQ reads to
 * decide on retries, stays): a failed job keeps both in Redis, which holds no personal data.
 */
export function scrubbedForJobRecord<E extends Error>(error: E): E {
  const { message, stack } = loggableError(error);
  error.message = message;
  error.stack = stack;
  return error;
}
