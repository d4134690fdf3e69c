import { createHash } from 'node:crypto';
import { Client } from 'pg';

/** A statement text run this many times in the process is prepared from then on. */
export const PREPARE_AFTER = 3;
/** The most statements one connection keeps prepared: they hold memory in the server until it closes. */
export const MAX_PREPARED_PER_CONNECTION = 500;
/** Distinct texts counted before the count starts again (texts built with varying arity never repeat). */
const MAX_COUNTED_TEXTS = 5_000;

/** text -> uses so far, or its statement name once it has been used PREPARE_AFTER times. */
const usage = new Map<string, number | string>();

/** The statement name for a text, once it has proved to be a repeated one; null until then. */
export function statementName(text: string): string | null {
  const seen = usage.get(text);
  if (typeof seen === 'string') return seen;
  const uses = (seen ?? 0) + 1;
  if (uses < PREPARE_AFTER) {
    if (seen === undefined && usage.size >= MAX_COUNTED_TEXTS) {
      for (const [key, value] of usage) if (typeof value === 'number') usage.delete(key);
    }
    usage.set(text, uses);
    return null;
  }
  const name = `cv_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  usage.set(text, name);
  return name;
}

interface PreparedStatementsState {
  connection?: { parsedStatements?: Record<string, string> };
}

/**
 * The pg client the pool hands out: a parameterised statement that keeps coming back (the same
 * text) runs as a named prepared statement on each connection, so PostgreSQL parses it once per
 * connection and can reuse its plan, instead of parsing and planning it on every call. Statements
 * without parameters (transaction control, migrations, several statements in one string) and texts
 * seen fewer than PREPARE_AFTER times run unnamed as before.
 */
export class PreparingClient extends Client {
  // One signature for pg's overloads: only (text, values[, callback]) is rewritten, all else passes through.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const [text, values] = args as [unknown, unknown];
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = statementName(text);
      if (name && this.mayPrepare(name)) return super.query({ name, text, values }, args[2]);
    }
    // eslint-disable-next-line @typescript-eslint/no-unsafe-argument
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }

  private mayPrepare(name: string): boolean {
    const parsed = (this as unknown as PreparedStatementsState).connection?.parsedStatements;
    if (!parsed) return false;
    return name in parsed || Object.keys(parsed).length < MAX_PREPARED_PER_CONNECTION;
  }
}
