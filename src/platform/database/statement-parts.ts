/**
 * Part of a statement, for another module to run together with its own: named WITH entries whose
 * `$n` placeholders count from 1 within the part. Modules keep reading and writing their own
 * tables; a caller that has several reads or writes to make sends them as one statement, one round
 * trip instead of one each. They share one snapshot: no part reads what another writes.
 */
export interface StatementPart {
  with: Array<[name: string, body: string]>;
  values: unknown[];
  /** The WITH entry the part yields: callers read it as `part.yields`, never by spelling its name. */
  yields: string;
}

/** Bodies already renumbered, by body and offset: the same few statements are composed for every batch. */
const renumbered = new Map<string, Map<number, string>>();

function renumber(body: string, offset: number): string {
  let byOffset = renumbered.get(body);
  if (!byOffset) {
    if (renumbered.size > 1000) renumbered.clear();
    renumbered.set(body, (byOffset = new Map()));
  }
  let text = byOffset.get(offset);
  if (text === undefined) byOffset.set(offset, (text = body.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)));
  return text;
}

/**
 * The parts (null: nothing to write) as one statement ending in `select`, placeholders renumbered in
 * order. `inline` is for a statement that only reads: PostgreSQL then plans its entries as one join
 * instead of materialising each entry read twice, whose row counts it would have to guess.
 */
export function composeStatement(parts: Array<StatementPart | null>, select: string, options: { inline?: boolean } = {}): { text: string; values: unknown[] } {
  const as = options.inline ? 'AS NOT MATERIALIZED' : 'AS';
  const values: unknown[] = [];
  const entries: string[] = [];
  for (const part of parts) {
    if (!part) continue;
    const offset = values.length;
    for (const [name, body] of part.with) entries.push(`${name} ${as} (${renumber(body, offset)})`);
    values.push(...part.values);
  }
  return { text: entries.length ? `WITH ${entries.join(',\n')}\n${select}` : select, values };
}
