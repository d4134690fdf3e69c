import { Socket } from 'node:net';
import { SMTPServer, SMTPServerAddress } from 'smtp-server';

/** What the sink does with a recipient at the moment: accept, or refuse with a code. */
type Verdict = { code: number } | null;

/**
 * An SMTP server that records every message by its Message-ID, and can be made slow, refuse (4xx,
 * 5xx), refuse chosen addresses, or go away and come back on the same port.
 */
export class FaultSink {
  private server?: SMTPServer;
  private readonly sockets = new Set<Socket>();
  /** Message-ID -> times received. */
  readonly received = new Map<string, number>();
  /** Envelope recipient -> refusals answered. */
  readonly refusedTo = new Map<string, number>();
  total = 0;
  lastAcceptedAt = 0;
  delayMs = 0;
  private refusing: Verdict = null;
  private readonly refuseAddresses = new Map<string, number>();
  /** Grows when the sink goes away: a message held across that is never answered, so never counted. */
  private generation = 0;

  constructor(readonly port: number) {}

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Distinct invitations received (other messages, such as RSVP confirmations, are not counted). */
  get distinct(): number {
    let n = 0;
    for (const id of this.received.keys()) if (id.startsWith('<invitation.')) n++;
    return n;
  }

  /** Invitations received more than once, counted once per extra copy. */
  get duplicates(): number {
    let n = 0;
    for (const [id, times] of this.received) if (id.startsWith('<invitation.')) n += times - 1;
    return n;
  }

  /** Every recipient refused with `code` until refuse(null). */
  refuse(code: number | null): void {
    this.refusing = code === null ? null : { code };
  }

  /** These addresses always refused with `code`. */
  refuseAlways(addresses: string[], code: number): void {
    for (const a of addresses) this.refuseAddresses.set(a.toLowerCase(), code);
  }

  reset(): void {
    this.received.clear();
    this.refusedTo.clear();
    this.total = 0;
    this.lastAcceptedAt = 0;
    this.delayMs = 0;
    this.refusing = null;
    this.refuseAddresses.clear();
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      logger: false,
      // A tar pit holds a message well past the client's patience; the socket must not time out first.
      socketTimeout: 120_000,
      onRcptTo: (address: SMTPServerAddress, _session, callback) => {
        const to = address.address.toLowerCase();
        const code = this.refuseAddresses.get(to) ?? this.refusing?.code;
        if (code) {
          this.refusedTo.set(to, (this.refusedTo.get(to) ?? 0) + 1);
          return callback(Object.assign(new Error(`${Math.floor(code / 100)}.0.0 Recipient refused for the test`), { responseCode: code }));
        }
        callback();
      },
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.length < 4 && chunks.push(chunk));
        stream.on('end', () => {
          const head = Buffer.concat(chunks).toString('latin1');
          const headers = head.slice(0, head.search(/\r?\n\r?\n/) >>> 0);
          const id = /^Message-ID:\s*(<[^>\r\n]+>)/im.exec(headers)?.[1] ?? `(none ${this.total})`;
          const generation = this.generation;
          const accept = () => {
            if (generation !== this.generation) return;
            this.received.set(id, (this.received.get(id) ?? 0) + 1);
            this.total++;
            this.lastAcceptedAt = performance.now();
            callback();
          };
          if (this.delayMs > 0) setTimeout(accept, this.delayMs);
          else accept();
        });
      },
    });
    // A client killed mid-message resets its connection; that is the point of the suite, not a failure of it.
    server.on('error', () => undefined);
    server.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Stops listening and drops every connection: the mail server is gone. */
  async goAway(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.generation++;
    // Ended rather than reset, so replies already written reach a busy client before the end does
    // (a reset would discard what the client had not read yet); the stragglers are dropped after.
    for (const socket of this.sockets) {
      socket.end();
      setTimeout(() => socket.destroy(), 1_000).unref();
    }
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  comeBack = () => this.start();

  close = () => this.goAway();
}
