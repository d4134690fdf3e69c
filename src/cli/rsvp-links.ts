import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** The personal link of an invitation mail: /rsvp/ and a 43-character token (256 bits, base64url). */
const RSVP_LINK = /\/rsvp\/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g;

/** A quoted-printable body with its soft line breaks joined and its escapes decoded, enough to find links. */
export function unfoldQuotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Every RSVP token a message carries (its text and HTML parts give the same one). */
export function rsvpTokensIn(message: string): string[] {
  return [...new Set([...unfoldQuotedPrintable(message).matchAll(RSVP_LINK)].map((m) => m[1]))];
}

/** The address a message was sent to, from its To: header ("Name <address>" or the bare address). */
export function recipientOf(message: string): string | null {
  const header = /^To:[ \t]*(.*(?:\r?\n[ \t].*)*)/im.exec(message.split(/\r?\n\r?\n/)[0]);
  if (!header) return null;
  const value = header[1].replace(/\r?\n[ \t]+/g, ' ').trim();
  return (/<([^>]+)>/.exec(value)?.[1] ?? value).toLowerCase();
}

/**
 * Reads the outbox folder like invitees read their mail: every .eml file, every RSVP link in it,
 * with the address it was sent to. Reminders carry the same link as the invitation, so a link is
 * listed once.
 */
export async function rsvpTokensInOutbox(dir: string): Promise<Map<string, string>> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.eml'));
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return new Map();
    throw error;
  }
  const links = new Map<string, string>();
  for (const file of files.sort()) {
    const message = await readFile(join(dir, file), 'latin1');
    const recipient = recipientOf(message);
    if (!recipient) continue;
    for (const token of rsvpTokensIn(message)) if (!links.has(token)) links.set(token, recipient);
  }
  return links;
}
