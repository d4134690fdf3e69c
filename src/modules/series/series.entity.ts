import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('series')
export class Series {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { name: 'secretariat_name', nullable: true })
  secretariatName!: string | null;

  @Column('text', { name: 'secretariat_email', nullable: true })
  secretariatEmail!: string | null;

  @Column('text', { name: 'secretariat_phone', nullable: true })
  secretariatPhone!: string | null;

  /** Set from the service's clock, so that on the manual clock it agrees with every other recorded time. */
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When its name or secretariat last changed, from the service's clock like createdAt. */
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
