import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { IsNull, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../http/domain-error';
import { ApiKey } from './api-key.entity';
import { Caller, Role } from './roles';

export const BOOTSTRAP_ACTOR = 'admin';

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

@Injectable()
export class ApiKeysService {
  private readonly bootstrapHash: Buffer;

  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.bootstrapHash = Buffer.from(hashKey(config.adminApiKey), 'hex');
  }

  /** Creates a key; the plain key is returned once and never stored. */
  async create(name: string, role: Role): Promise<{ id: string; name: string; role: Role; key: string; createdAt: Date }> {
    if (name === BOOTSTRAP_ACTOR || name === 'system') {
      throw DomainError.conflict('api_key_name_reserved', `The name "${name}" is reserved; choose another.`);
    }
    const key = `cvn_${randomBytes(32).toString('base64url')}`;
    const saved = await this.keys
      .createQueryBuilder()
      .insert()
      .values({ name, role, keyHash: hashKey(key) })
      .orIgnore()
      .returning(['id', 'createdAt'])
      .execute();
    const row = saved.raw[0] as { id: string; created_at: Date } | undefined;
    if (!row) throw DomainError.conflict('api_key_name_taken', `An API key named "${name}" already exists; choose another name.`);
    return { id: row.id, name, role, key, createdAt: row.created_at };
  }

  async authenticate(key: string): Promise<Caller | null> {
    const hash = hashKey(key);
    const presented = Buffer.from(hash, 'hex');
    if (timingSafeEqual(presented, this.bootstrapHash)) return { keyId: null, name: BOOTSTRAP_ACTOR, role: 'admin' };
    const found = await this.keys.findOne({ where: { keyHash: hash, revokedAt: IsNull() } });
    return found ? { keyId: found.id, name: found.name, role: found.role } : null;
  }
}
