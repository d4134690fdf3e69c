import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerAddress, SMTPServerError } from 'smtp-server';

/** One message as received: mailparser's reading of it, plus what the SMTP envelope said. */
export type SinkMessage = ParsedMail & {
  envelope: { from: string; to: string[] };
  raw: Buffer;
};

export interface MailSinkOptions {
  /** false: only count messages and bytes (benchmarks); nothing is kept or parsed. Default true. */
  parse?: boolean;
  /** In counting mode, the raw bytes of the first `keepRaw` messages are kept (`raws`, not emptied by clear()). Default 0. */
  keepRaw?: number;
}

export interface MailSink {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  readonly url: string;
  readonly port: number;
  /** Accepted messages in arrival order (empty in counting mode). */
  readonly messages: SinkMessage[];
  /** In counting mode, the first messages as received (see `keepRaw`). */
  readonly raws: Buffer[];
  /** Accepted messages, parsed or not. */
  readonly count: number;
  /** Bytes of the accepted messages. */
  readonly bytes: number;
  /** Recipients refused so far. */
  readonly refused: number;
  /** SMTP connections accepted so far, and those still open (a pool keeps few, long-lived ones). */
  readonly connections: number;
  readonly openConnections: number;
  /** Accepted messages addressed (in the envelope) to this address. */
  messagesTo(address: string): SinkMessage[];
  /** Resolves once `n` messages have been accepted since the last clear(); rejects after the timeout. */
  waitForCount(n: number, timeoutMs?: number): Promise<void>;
  /**
   * Refuses the next `count` recipients (one per message as Convene sends), or all until 'none', with
   * 451 (temporary: greylisting) by default or the given code (550: unknown user). The reply quotes
   * the address, as real servers do.
   */
  refuse(count: number | 'all' | 'none', code?: number): void;
  /** Refuses every message to this address with the given code (550 by default: unknown user), until cleared with null. */
  refuseTo(address: string, code?: number | null): void;
  clear(): void;
  close(): Promise<void>;
}

function refusal(code: number, address: string): SMTPServerError {
  const text =
    code === 451
      ? `4.7.1 <${address}>: Recipient address rejected: Greylisted, please try again later`
      : code === 550
        ? `5.1.1 <${address}>: Recipient address rejected: User unknown in local recipient table`
        : `${Math.floor(code / 100)}.0.0 <${address}>: Recipient address rejected`;
  return Object.assign(new Error(text), { responseCode: code });
}

/** An SMTP server on 127.0.0.1 (random port, no TLS, no authentication) that keeps what it receives. */
export async function startMailSink(options: MailSinkOptions = {}): Promise<MailSink> {
  const parse = options.parse ?? true;
  const keepRaw = parse ? 0 : (options.keepRaw ?? 0);
  const messages: SinkMessage[] = [];
  const raws: Buffer[] = [];
  let count = 0;
  let bytes = 0;
  let refused = 0;
  let connections = 0;
  let openConnections = 0;
  let refusing: { left: number; code: number } = { left: 0, code: 451 };
  const refusedAddresses = new Map<string, number>();
  let waiters: Array<{ n: number; resolve: () => void }> = [];

  const arrived = () => {
    count++;
    const ready = waiters.filter((w) => count >= w.n);
    waiters = waiters.filter((w) => count < w.n);
    ready.forEach((w) => w.resolve());
  };

  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    banner: 'Convene test mail sink',
    onConnect(_session, callback) {
      connections++;
      openConnections++;
      callback();
    },
    onClose() {
      openConnections--;
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const always = refusedAddresses.get(address.address.toLowerCase());
      if (always) {
        refused++;
        return callback(refusal(always, address.address));
      }
      if (refusing.left > 0) {
        refusing.left--;
        refused++;
        return callback(refusal(refusing.code, address.address));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (parse || raws.length < keepRaw) chunks.push(chunk);
      });
      stream.on('end', () => {
        bytes += size;
        if (!parse) {
          if (raws.length < keepRaw) raws.push(Buffer.concat(chunks, size));
          arrived();
          return callback();
        }
        const raw = Buffer.concat(chunks, size);
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        simpleParser(raw)
          .then((parsed) => {
            messages.push(Object.assign(parsed, { envelope, raw }));
            arrived();
            callback();
          })
          .catch((error: Error) => callback(Object.assign(error, { responseCode: 554 })));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    raws,
    get count() {
      return count;
    },
    get bytes() {
      return bytes;
    },
    get refused() {
      return refused;
    },
    get connections() {
      return connections;
    },
    get openConnections() {
      return openConnections;
    },
    messagesTo: (address) => messages.filter((m) => m.envelope.to.some((to) => to.toLowerCase() === address.toLowerCase())),
    waitForCount(n, timeoutMs = 10_000) {
      if (count >= n) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const waiter = {
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(new Error(`The mail sink received ${count} of ${n} messages within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    refuse(what, code = 451) {
      refusing = { left: what === 'all' ? Infinity : what === 'none' ? 0 : what, code };
    },
    refuseTo(address, code = 550) {
      if (code === null) refusedAddresses.delete(address.toLowerCase());
      else refusedAddresses.set(address.toLowerCase(), code);
    },
    clear() {
      messages.length = 0;
      count = 0;
      bytes = 0;
      refused = 0;
      connections = openConnections;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
