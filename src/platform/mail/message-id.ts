/** RFC 5322 dot-atom text: anything else in a kind or id becomes "-". */
const atom = (value: string) => value.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]/g, '-').replace(/^\.+|\.+$/g, '') || '-';

/**
 * `<kind.id@host>`, the same for the same kind and id, so a retried send carries the Message-ID of the
 * first attempt and mail systems (and the recipient's client) see one message, not two.
 */
export function buildMessageId(kind: string, id: string, publicBaseUrl: string): string {
  // An IPv6 hostname keeps its brackets: a domain literal is a valid right-hand side.
  const host = new URL(publicBaseUrl).hostname || 'localhost';
  return `<${atom(kind)}.${atom(id)}@${host}>`;
}
