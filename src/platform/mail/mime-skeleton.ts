import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { foldLines } from 'nodemailer/lib/mime-funcs';
import MimeNode from 'nodemailer/lib/mime-node';
import * as qp from 'nodemailer/lib/qp';
import { foldCalendarValue } from './conference-calendar';
import { MimeWriter, OutgoingMail, composerOptions, toCrlf } from './mime';

const OPEN = '\uE000';
const CLOSE = '\uE001';
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const TOKEN = /\uE000([A-Za-z][A-Za-z0-9_]*)\uE001/g;

/**
 * A per-recipient slot in a skeleton, e.g. placeholder('rsvpUrl'). Private-use characters delimit it,
 * so no conference title or translation can be mistaken for one, and HTML escaping leaves it intact.
 */
export function placeholder(name: string): string {
  if (!NAME.test(name)) throw new Error(`Invalid placeholder name "${name}"`);
  return `${OPEN}${name}${CLOSE}`;
}

const hasPlaceholder = (value: string) => value.includes(OPEN);

/** Values are single-line text: control characters (CR and LF first) become spaces, so nothing can start a header or a MIME line. */
const sanitize = (value: string) => value.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, ' ');

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

type Segment = string | { name: string };

function split(template: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    if (match.index > last) segments.push(template.slice(last, match.index));
    segments.push({ name: match[1] });
    last = match.index + match[0].length;
  }
  if (last < template.length) segments.push(template.slice(last));
  if (segments.some((s) => typeof s === 'string' && s.includes(OPEN))) throw new Error('Malformed placeholder in mail skeleton');
  return segments;
}

type BodyKind = 'text' | 'html' | 'calendar';

type Part =
  | string
  | { body: BodyKind; name: string }
  | { header: string; value: Segment[] }
  | { to: { name: Segment[]; address: Segment[] } }
  | { date: true };

/** Header lines the skeleton writes per recipient instead of the ones MailComposer generated. */
const PER_RECIPIENT_HEADERS = new Set(['message-id', 'date']);

/** Pieces of the root header block, one per (unfolded) header. */
function headerFields(block: string): string[] {
  return block.split(/\r\n(?![ \t])/);
}

class SkeletonWriter extends MimeWriter {
  private readonly parts: Part[] = [];
  private root: MimeNode | undefined;

  constructor(
    private readonly bodies: Map<string, BodyKind>,
    private readonly recipientHeaders: Part[],
  ) {
    super();
  }

  compile(root: MimeNode): Part[] {
    this.root = root;
    this.writeNode(root);
    this.flush();
    const last = this.parts[this.parts.length - 1];
    if (typeof last !== 'string' || !last.endsWith('\n')) this.parts.push('\r\n');
    return this.parts;
  }

  protected override writeHeaders(node: MimeNode, headers: string): void {
    if (node !== this.root) return super.writeHeaders(node, headers);
    for (const part of this.recipientHeaders) {
      this.push(part);
      this.out.push('\r\n');
    }
    const kept = headerFields(headers).filter((field) => !PER_RECIPIENT_HEADERS.has(field.slice(0, field.indexOf(':')).toLowerCase()));
    this.out.push(kept.join('\r\n'));
  }

  /**
   * Text and HTML are quoted-printable, built here from nodemailer's QP encoder segment by segment: each
   * static run is encoded and wrapped once, and every slot starts and ends on a soft line break ("=" CRLF,
   * which decodes to nothing). A filled value is QP-encoded and wrapped in turn, so every line stays within
   * 76 octets whatever the value, the message stays 7-bit (no 8BITMIME needed), and the decoded text is
   * exactly the template with the value in place. 8bit would need no encoding but cannot bound line lengths.
   */
  protected override writeBody(node: MimeNode, transferEncoding: string | false): void {
    const kind = typeof node.content === 'string' ? this.bodies.get(node.content) : undefined;
    if (!kind) return super.writeBody(node, transferEncoding);
    if (transferEncoding !== 'quoted-printable') throw new Error('Skeleton bodies must be quoted-printable');
    const segments = split(node.content as string);
    segments.forEach((segment, i) => {
      const more = i < segments.length - 1;
      if (typeof segment === 'string') {
        const encoded = qp.wrap(qp.encode(segment), 76);
        this.out.push(more && !encoded.endsWith('\n') ? `${encoded}=\r\n` : encoded);
      } else {
        this.push({ body: kind, name: segment.name });
        if (more) this.out.push('=\r\n');
      }
    });
  }

  private push(part: Part): void {
    this.flush();
    this.parts.push(part);
  }

  private flush(): void {
    if (this.out.length) this.parts.push(this.out.join(''));
    this.out = [];
  }
}

export interface FillOptions {
  /** The Date header; now by default. */
  date?: Date;
}

/**
 * A message compiled once per (conference, language, template) and filled per recipient by substitution:
 * MailComposer builds the MIME tree, headers and attachments once; fill() only encodes the few
 * per-recipient values for where they land (RFC 2047 in To, HTML escaping in the HTML part,
 * quoted-printable in both bodies) and joins them with the precomputed bytes.
 */
export class MimeSkeleton {
  /** Every placeholder name the skeleton expects in fill(). */
  readonly placeholders: ReadonlySet<string>;
  private readonly headerEncoder = new MimeNode(false);
  /** Static runs as bytes once, so a fill copies them instead of re-encoding kilobytes of text. */
  private readonly pieces: Array<Buffer | Exclude<Part, string>>;

  constructor(
    parts: Part[],
    private readonly boundaryMarker: string,
  ) {
    const names = new Set<string>();
    const collect = (segments: Segment[]) => segments.forEach((s) => typeof s !== 'string' && names.add(s.name));
    for (const part of parts) {
      if (typeof part === 'string') continue;
      if ('body' in part) names.add(part.name);
      else if ('header' in part) collect(part.value);
      else if ('to' in part) (collect(part.to.name), collect(part.to.address));
    }
    this.placeholders = names;
    this.pieces = parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part));
  }

  fill(values: Record<string, string>, options: FillOptions = {}): Buffer {
    const clean: Record<string, string> = {};
    for (const name of this.placeholders) {
      const value = values[name];
      if (typeof value !== 'string') throw new Error(`Missing value for mail placeholder "${name}"`);
      const safe = sanitize(value);
      // A value at the start of a QP line could otherwise forge a MIME boundary line.
      if (safe.includes(this.boundaryMarker)) throw new Error(`Value for mail placeholder "${name}" contains a MIME boundary`);
      clean[name] = safe;
    }
    const join = (segments: Segment[]) => segments.map((s) => (typeof s === 'string' ? s : clean[s.name])).join('');
    const chunks: Buffer[] = [];
    let length = 0;
    for (const piece of this.pieces) {
      let chunk: Buffer;
      if (Buffer.isBuffer(piece)) chunk = piece;
      else if ('body' in piece) {
        const value = piece.body === 'html' ? escapeHtml(clean[piece.name]) : piece.body === 'calendar' ? foldCalendarValue(clean[piece.name]) : clean[piece.name];
        chunk = Buffer.from(qp.wrap(qp.encode(value), 76), 'utf8');
      } else if ('to' in piece) {
        const to = { name: join(piece.to.name), address: join(piece.to.address).trim() };
        if (!to.address) throw new Error('Mail skeleton filled without a recipient address');
        chunk = Buffer.from(foldLines(`To: ${this.headerEncoder.encodeHeaderValue('To', [to])}`, 76), 'utf8');
      } else if ('date' in piece) {
        chunk = Buffer.from(`Date: ${(options.date ?? new Date()).toUTCString().replace(/GMT/, '+0000')}`, 'ascii');
      } else {
        chunk = Buffer.from(foldLines(`${piece.header}: ${this.headerEncoder.encodeHeaderValue(piece.header, join(piece.value))}`, 76), 'utf8');
      }
      chunks.push(chunk);
      length += chunk.length;
    }
    return Buffer.concat(chunks, length);
  }
}

/**
 * Compiles a message whose per-recipient fields hold placeholder(...) tokens: the To name and address,
 * the Message-ID, the text and HTML bodies, the subject and extra headers, and a calendar file marked
 * perRecipient (its RSVP link; quoted-printable like the bodies, the link folded as iCalendar wants).
 * From and the other attachments are shared by every recipient.
 */
export function compileSkeleton(message: OutgoingMail): MimeSkeleton {
  const attachments = message.attachments ?? [];
  if (hasPlaceholder(message.from) || attachments.some((a) => hasPlaceholder(a.filename) || (!a.perRecipient && typeof a.content === 'string' && hasPlaceholder(a.content)))) {
    throw new Error('From and attachments (but a per-recipient calendar file) are the same for every recipient and cannot hold placeholders');
  }
  const text = toCrlf(message.text);
  const html = toCrlf(message.html);
  if (text === html) throw new Error('Text and HTML parts must differ');

  const recipientHeaders: Part[] = [
    { date: true },
    { to: { name: split(sanitize(message.to.name ?? '')), address: split(sanitize(message.to.address)) } },
    { header: 'Message-ID', value: split(sanitize(message.messageId)) },
  ];
  const sharedHeaders: Record<string, string> = {};
  for (const [key, value] of Object.entries(message.headers ?? {})) {
    if (hasPlaceholder(value)) recipientHeaders.push({ header: key, value: split(sanitize(value)) });
    else sharedHeaders[key] = value;
  }
  const subjectVaries = hasPlaceholder(message.subject);
  if (subjectVaries) recipientHeaders.push({ header: 'Subject', value: split(sanitize(message.subject)) });

  const baseBoundary = randomBytes(12).toString('hex');
  const options = composerOptions({ ...message, headers: sharedHeaders, subject: subjectVaries ? '' : message.subject });
  delete options.to;
  const root = new MailComposer({
    ...options,
    baseBoundary,
    text: { content: text, contentTransferEncoding: 'quoted-printable' },
    html: { content: html, contentTransferEncoding: 'quoted-printable' },
  }).compile();
  const bodies = new Map<string, BodyKind>([
    [text, 'text'],
    [html, 'html'],
  ]);
  for (const a of attachments) if (a.perRecipient && typeof a.content === 'string') bodies.set(a.content, 'calendar');
  return new MimeSkeleton(new SkeletonWriter(bodies, recipientHeaders).compile(root), baseBoundary);
}

