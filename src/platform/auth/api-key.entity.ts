import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from './roles';

@Entity('api_keys')
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  role!: Role;

  /** SHA-256 of the key: keys carry 256 random bits, so a fast hash is enough and lookup is by equality. */
  @Column('text', { name: 'key_hash', select: false })
  keyHash!: string;

  /** Set from the service's clock, so that on the manual clock it agrees with every other recorded time. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
