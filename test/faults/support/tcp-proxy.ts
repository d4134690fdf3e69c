import { Server, Socket, createConnection, createServer } from 'node:net';

/** A TCP proxy in front of PostgreSQL: cuts every connection, stalls them, or refuses new ones. */
export class TcpProxy {
  private server?: Server;
  private readonly pairs = new Set<[Socket, Socket]>();
  private refusing = false;
  private stalled = false;

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      if (this.refusing) return void client.destroy();
      const upstream = createConnection(this.target);
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      const end = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
      client.pipe(upstream);
      upstream.pipe(client);
      if (this.stalled) pair.forEach((s) => s.pause());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  get connections(): number {
    return this.pairs.size;
  }

  /** Drops every open connection, as a network failure or a database restart would. */
  cut(): void {
    for (const [a, b] of this.pairs) {
      a.destroy();
      b.destroy();
    }
    this.pairs.clear();
  }

  refuse(on: boolean): void {
    this.refusing = on;
  }

  /** Holds every byte in both directions (connections stay open) until released. */
  stall(on: boolean): void {
    this.stalled = on;
    for (const pair of this.pairs) for (const socket of pair) (on ? socket.pause() : socket.resume());
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
