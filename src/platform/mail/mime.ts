import * as base64 from 'nodemailer/lib/base64';
import MailComposer, { type MailComposerOptions } from 'nodemailer/lib/mail-composer';
import type MimeNode from 'nodemailer/lib/mime-node';
import * as qp from 'nodemailer/lib/qp';

export interface MailAddress {
  name?: string;
  address: string;
}

export interface MailAttachment {
  filename: string;
  content: string | Buffer;
  contentType: string;
  /** A calendar file holding placeholders (the RSVP link) filled per recipient: quoted-printable, so the skeleton can fill it. */
  perRecipient?: boolean;
}

/** One e-mail to one person, before MIME encoding. */
export interface OutgoingMail {
  from: string;
  to: MailAddress;
  subject: string;
  text: string;
  html: string;
  /** `<left@right>`, see MailTransport.messageIdFor: stable, so a retried send is the same message. */
  messageId: string;
  /** BCP 47 tag of the language the message is written in, sent as Content-Language. */
  language: string;
  headers?: Record<string, string>;
  /** Where answers go: the series' secretariat. */
  replyTo?: MailAddress | null;
  attachments?: MailAttachment[];
}

/**
 * Headers every message carries.
 * - Auto-Submitted: auto-generated (RFC 3834) because a wave writes to hundreds of ministries at once:
 *   compliant out-of-office responders stay silent instead of flooding the secretariat's mailbox, and
 *   X-Auto-Response-Suppress does the same for Exchange, common in foreign ministries.
 * - No List-Unsubscribe: these are personal, transactional messages (an invitation, a confirmation),
 *   not a mailing list; an invitee answers through the RSVP link, and a header promising an unsubscribe
 *   that nothing honours would mislead both people and mailbox providers. A caller that does run a
 *   list can still pass one in `headers`.
 */
export const STANDARD_HEADERS: Readonly<Record<string, string>> = {
  'Auto-Submitted': 'auto-generated',
  'X-Auto-Response-Suppress': 'OOF, AutoReply',
};

/** MIME line breaks are CRLF; templates are written with LF. */
export const toCrlf = (value: string) => value.replace(/\r\n|\r|\n/g, '\r\n');

export function composerOptions(message: OutgoingMail): MailComposerOptions {
  return {
    from: message.from,
    to: [{ name: message.to.name ?? '', address: message.to.address }],
    subject: message.subject,
    messageId: message.messageId,
    ...(message.replyTo ? { replyTo: [{ name: message.replyTo.name ?? '', address: message.replyTo.address }] } : {}),
    text: toCrlf(message.text),
    html: toCrlf(message.html),
    headers: { ...STANDARD_HEADERS, 'Content-Language': message.language, ...message.headers },
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
      ...(a.perRecipient ? { contentTransferEncoding: 'quoted-printable' as const } : {}),
    })),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** The complete RFC 5322 message, built by nodemailer's MailComposer. */
export function buildMime(message: OutgoingMail): Buffer {
  const writer = new MimeWriter();
  writer.writeNode(new MailComposer(composerOptions(message)).compile());
  return Buffer.from(writer.finish(), 'utf8');
}

/**
 * Serialises a MailComposer tree synchronously. MimeNode.build() is stream-based and asynchronous;
 * this walks the same tree with the same public pieces (buildHeaders, getTransferEncoding, nodemailer's
 * own quoted-printable and base64 encoders) in the same order, so the bytes are the ones build() gives
 * for string and Buffer contents (mime.spec.ts compares them). Subclasses intercept header blocks and
 * bodies to leave per-recipient slots (see mime-skeleton.ts). Bodies are always 7-bit; only a header holding
 * an internationalised (SMTPUTF8) address can carry UTF-8, hence utf8 when turning the text into bytes.
 */
export class MimeWriter {
  protected out: string[] = [];

  writeNode(node: MimeNode): void {
    const transferEncoding = node.getTransferEncoding();
    this.writeHeaders(node, node.buildHeaders());
    this.out.push('\r\n\r\n');
    if (node.content) this.writeBody(node, transferEncoding);
    if (node.multipart) {
      node.childNodes.forEach((child, i) => {
        this.out.push(`${i > 0 ? '\r\n' : ''}--${node.boundary}\r\n`);
        this.writeNode(child);
      });
      this.out.push(`\r\n--${node.boundary}--\r\n`);
    }
  }

  finish(): string {
    const message = this.out.join('');
    return message.endsWith('\n') ? message : `${message}\r\n`;
  }

  protected writeHeaders(_node: MimeNode, headers: string): void {
    this.out.push(headers);
  }

  protected writeBody(node: MimeNode, transferEncoding: string | false): void {
    this.out.push(encodeContent(node.content, transferEncoding));
  }
}

export function encodeContent(content: unknown, transferEncoding: string | false): string {
  if (typeof content !== 'string' && !Buffer.isBuffer(content)) {
    throw new Error('Mail content must be a string or a Buffer');
  }
  if (transferEncoding === 'base64') return base64.wrap(base64.encode(content), 76);
  if (transferEncoding === 'quoted-printable') return qp.wrap(qp.encode(content), 76);
  return Buffer.isBuffer(content) ? content.toString('utf8') : content;
}
