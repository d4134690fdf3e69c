import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ClockService } from '../clock/clock.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { ApiKeysService, BOOTSTRAP_ACTOR, hashSecret } from './api-keys.service';
import { Caller, Role } from './roles';

/**
 * Server-side sessions of the browser pages (the dashboard, the check-in desk). The cookie holds a
 * random id of 256 bits; the database keeps only its hash, the key it was signed in with, and when
 * it expires: after an idle period, and in any case after an absolute lifetime. Expiry reads the
 * deployment's clock, like everything else time-driven.
 */
@Injectable()
export class BrowserSessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: ClockService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  /** Opens a session for a caller who just presented `key`; returns the id for the cookie, shown only here. */
  async start(caller: Caller, key: string): Promise<string> {
    const now = await this.clock.now();
    const id = randomBytes(32).toString('base64url');
    const idle = new Date(Math.min(now.getTime() + this.config.sessionIdleMs, now.getTime() + this.config.sessionMaxMs));
    const expires = new Date(now.getTime() + this.config.sessionMaxMs);
    // Sessions that expired are of no use to anyone; signing in is rare enough to sweep them here.
    await this.dataSource.query(`DELETE FROM browser_sessions WHERE expires_at <= $1 OR idle_expires_at <= $1`, [now]);
    await this.dataSource.query(
      `INSERT INTO browser_sessions (id_hash, api_key_id, key_hash, created_at, idle_expires_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [hashSecret(id), caller.keyId, hashSecret(key), now, idle, expires],
    );
    return id;
  }

  /**
   * The caller a session id stands for, or null when it is unknown, expired, signed out, or its key
   * was revoked. A valid session's idle expiry moves forward in the same statement.
   */
  async authenticate(sessionId: string): Promise<Caller | null> {
    const now = await this.clock.now();
    const rows: Array<{ api_key_id: string | null; key_hash: string; name: string | null; role: Role | null; revoked_at: Date | null }> = await this.dataSource.query(
      `WITH touched AS (
         UPDATE browser_sessions SET idle_expires_at = LEAST($2::timestamptz + make_interval(secs => $3), expires_at)
          WHERE id_hash = $1 AND idle_expires_at > $2 AND expires_at > $2
          RETURNING api_key_id, key_hash)
       SELECT t.api_key_id, t.key_hash, k.name, k.role, k.revoked_at
         FROM touched t LEFT JOIN api_keys k ON k.id = t.api_key_id`,
      [hashSecret(sessionId), now, this.config.sessionIdleMs / 1000],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.api_key_id === null) return this.apiKeys.isBootstrapHash(row.key_hash) ? { keyId: null, name: BOOTSTRAP_ACTOR, role: 'admin' } : null;
    if (row.revoked_at !== null || row.name === null || row.role === null) return null;
    return { keyId: row.api_key_id, name: row.name, role: row.role };
  }

  /** Signs out: the id stops working at once, in every process. */
  async end(sessionId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM browser_sessions WHERE id_hash = $1`, [hashSecret(sessionId)]);
  }
}
