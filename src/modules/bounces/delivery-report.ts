import { simpleParser } from 'mailparser';

/** One recipient's block of a delivery status notification (RFC 3464 §2.3). */
export interface RecipientStatus {
  /** failed, delayed, delivered, relayed or expanded. */
  action: string;
  /** The enhanced status code (RFC 3463), e.g. 5.1.1. */
  status: string;
  /** The remote server's answer, e.g. "smtp; 550 5.1.1 … User unknown", unfolded. */
  diagnostic: string | null;
  /** A failure the sender cannot cure by waiting: action failed with a 5.x.x status. */
  permanent: boolean;
}

export interface DeliveryReport {
  /** Message-ID of the message the report is about, from its returned copy or headers. */
  originalMessageId: string | null;
  recipients: RecipientStatus[];
}

export class NotADeliveryReport extends Error {}

const STATUS_PARTS = new Set(['message/delivery-status', 'message/global-delivery-status']);
const RETURNED_PARTS = new Set(['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers']);

/** "Name: value" fields of a header-like block, names lower-cased, folded lines joined. */
function fieldsOf(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  let last: string | null = null;
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && last) {
      fields.set(last, `${fields.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    fields.set(last, line.slice(colon + 1).trim());
  }
  return fields;
}

/** The per-recipient blocks of a message/delivery-status body (the first block is per message). */
export function recipientStatuses(body: string): RecipientStatus[] {
  const blocks = body.replace(/\r\n/g, '\n').split(/\n[ \t]*\n/).map(fieldsOf);
  return blocks
    .slice(1)
    .filter((fields) => fields.has('action') && fields.has('status'))
    .map((fields) => {
      const action = fields.get('action')!.toLowerCase().split(/[\s(]/)[0];
      const status = (/\d\.\d{1,3}\.\d{1,3}/.exec(fields.get('status')!) ?? [fields.get('status')!])[0];
      return { action, status, diagnostic: fields.get('diagnostic-code') ?? null, permanent: action === 'failed' && status.startsWith('5') };
    });
}

const messageIdIn = (headers: string) => /^message-id:\s*(<[^>\s]+>)/im.exec(headers.replace(/\r?\n[ \t]+/g, ' '))?.[1] ?? null;

/**
 * Reads a raw RFC 3464 report (multipart/report with a message/delivery-status part): the status
 * of each recipient, and the Message-ID of the returned message (its copy or its headers), else
 * the report's own In-Reply-To or References. Throws NotADeliveryReport for anything else.
 */
export async function readDeliveryReport(raw: Buffer): Promise<DeliveryReport> {
  const parsed = await simpleParser(raw, { keepDeliveryStatus: true, skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  const type = parsed.headers.get('content-type') as { value?: string } | undefined;
  const statusPart = parsed.attachments.find((a) => STATUS_PARTS.has(a.contentType.toLowerCase()));
  if (type?.value?.toLowerCase() !== 'multipart/report' || !statusPart) {
    throw new NotADeliveryReport('The body is not a delivery status notification: expected a raw RFC 3464 message, multipart/report with a message/delivery-status part.');
  }
  const recipients = recipientStatuses(statusPart.content.toString('utf8'));
  if (recipients.length === 0) throw new NotADeliveryReport('The delivery status part names no recipient with an Action and a Status.');
  const returned = parsed.attachments.find((a) => RETURNED_PARTS.has(a.contentType.toLowerCase()));
  const fromReturned = returned ? messageIdIn(returned.content.toString('utf8').split(/\r?\n\r?\n/)[0]) : null;
  const references = [parsed.inReplyTo, ...(Array.isArray(parsed.references) ? parsed.references : parsed.references ? [parsed.references] : [])].filter((v): v is string => !!v);
  return { originalMessageId: fromReturned ?? references[0]?.trim() ?? null, recipients };
}
