import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, IsNull, Repository } from 'typeorm';
import { ClockService } from '../clock/clock.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../http/domain-error';
import { Page, PageQuery, decodeCursor, pageLimit, toPage } from '../http/pagination';
import { ApiKey } from './api-key.entity';
import { Caller, Role } from './roles';

export const BOOTSTRAP_ACTOR = 'admin';

/** SHA-256 of a key or a session id: both carry 256 random bits, so a fast hash is enough and lookup is by equality. */
export const hashSecret = (secret: string) => hash('sha256', secret, 'hex');

/** What a list of keys shows: never the key, never its hash. */
export interface ApiKeySummary {
  id: string;
  name: string;
  role: Role;
  createdAt: Date;
  revokedAt: Date | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A list position is PostgreSQL's own text of the timestamp, to the microsecond (a JS Date keeps only milliseconds). */
const POSITION = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

@Injectable()
export class ApiKeysService {
  private readonly bootstrapHash: Buffer;

  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: ClockService,
  ) {
    this.bootstrapHash = Buffer.from(hashSecret(config.adminApiKey), 'hex');
  }

  /** Creates a key; the plain key is returned once and never stored. */
  async create(name: string, role: Role): Promise<{ id: string; name: string; role: Role; key: string; createdAt: Date }> {
    if (name === BOOTSTRAP_ACTOR || name === 'system') {
      throw DomainError.conflict('api_key_name_reserved', `The name "${name}" is reserved; choose another.`);
    }
    const key = `cvn_${randomBytes(32).toString('base64url')}`;
    const createdAt = await this.clock.now();
    const saved = await this.keys
      .createQueryBuilder()
      .insert()
      .values({ name, role, keyHash: hashSecret(key), createdAt })
      .orIgnore()
      .returning(['id'])
      .execute();
    const row = saved.raw[0] as { id: string } | undefined;
    if (!row) throw DomainError.conflict('api_key_name_taken', `An API key named "${name}" already exists; choose another name.`);
    return { id: row.id, name, role, key, createdAt };
  }

  async authenticate(key: string): Promise<Caller | null> {
    const hash = hashSecret(key);
    if (this.isBootstrapHash(hash)) return { keyId: null, name: BOOTSTRAP_ACTOR, role: 'admin' };
    const found = await this.keys.findOne({ where: { keyHash: hash, revokedAt: IsNull() } });
    return found ? { keyId: found.id, name: found.name, role: found.role } : null;
  }

  /** Whether a key's hash is that of ADMIN_API_KEY, compared in constant time. */
  isBootstrapHash(hash: string): boolean {
    return timingSafeEqual(Buffer.from(hash, 'hex'), this.bootstrapHash);
  }

  /** The stored keys, oldest first, revoked ones included with the time they were revoked. */
  async list(query: PageQuery): Promise<Page<ApiKeySummary>> {
    const limit = pageLimit(query);
    const after = decodeCursor(query.cursor);
    const invalidCursor = () => DomainError.badRequest('invalid_cursor', 'cursor is not one this API returned; start again without it.');
    if (after && (!UUID.test(after.id) || !POSITION.test(after.key))) throw invalidCursor();
    const rows: Array<{ id: string; name: string; role: Role; created_at: Date; revoked_at: Date | null; position: string }> = await this.dataSource
      .query(
        `SELECT id, name, role, created_at, revoked_at, created_at::text AS position FROM api_keys
          WHERE $1::timestamptz IS NULL OR (created_at, id) > ($1::timestamptz, $2::uuid)
          ORDER BY created_at, id LIMIT $3`,
        [after?.key ?? null, after?.id ?? null, limit + 1],
      )
      .catch((error: { code?: string }) => {
        // A position shaped like a timestamp that is none (the 31st of February): a data exception.
        throw typeof error.code === 'string' && error.code.startsWith('22') ? invalidCursor() : error;
      });
    const page = toPage(rows, limit, (row) => ({ key: row.position, id: row.id }));
    return { ...page, items: page.items.map((row) => ({ id: row.id, name: row.name, role: row.role, createdAt: row.created_at, revokedAt: row.revoked_at })) };
  }

  /**
   * Revokes a key and ends every browser session signed in with it, in one transaction. Nothing is
   * cached: every process reads keys and sessions from the database on each request, so the key
   * stops working everywhere at once. Revoking a revoked key changes nothing.
   */
  async revoke(id: string): Promise<ApiKeySummary> {
    return this.dataSource.transaction(async (manager) => {
      const [rows] = (await manager.query(
        `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING id, name, role, created_at, revoked_at`,
        [id],
      )) as [Array<{ id: string; name: string; role: Role; created_at: Date; revoked_at: Date }>, number];
      const row = rows[0];
      if (!row) throw DomainError.notFound('API key', id);
      await manager.query(`DELETE FROM browser_sessions WHERE api_key_id = $1`, [id]);
      return { id: row.id, name: row.name, role: row.role, createdAt: row.created_at, revokedAt: row.revoked_at };
    });
  }
}
