/** RFC 5322 dot-atom text: anything else in a kind or id becomes "-". */
const atom = (value: string) => value.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '-').replace(/^\.+|\.+$/g, '') || '-';

const hostOf = (publicBaseUrl: string) => new URL(publicBaseUrl).hostname || 'localhost';

/**
 * `<kind.id@host>`, the same for the same kind and id, so a retried send carries the Message-ID of the
 * first attempt and mail systems (and the recipient's client) see one message, not two.
 */
export function buildMessageId(kind: string, id: string, publicBaseUrl: string): string {
  // An IPv6 hostname keeps its brackets: a domain literal is a valid right-hand side.
  return `<${atom(kind)}.${atom(id)}@${hostOf(publicBaseUrl)}>`;
}

/** `<kind.ref@host>` with this service's host, split; null for anyone else's Message-ID. */
export function parseMessageId(messageId: string, publicBaseUrl: string): { kind: string; ref: string } | null {
  const match = /^<([^.@<>]+)\.([^@<>]+)@([^<>]+)>$/.exec(messageId.trim());
  if (!match || match[3].toLowerCase() !== hostOf(publicBaseUrl).toLowerCase()) return null;
  return { kind: match[1], ref: match[2] };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id a message is about: the first uuid among the ref's dot-separated parts (`<invitation>.<version>`, `participant.<id>`). */
export const subjectIdOf = (ref: string): string | null => ref.split('.').find((part) => UUID.test(part)) ?? null;
