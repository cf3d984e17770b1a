import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The outsourced policy's own session, one per system name, shared by the replicas (SPEC-cloud.md §5.3). */
@Entity({ name: 'own_identity_session' })
export class OwnIdentitySession {
  @PrimaryColumn({ type: 'varchar', length: 255, name: 'system_name' })
  systemName!: string;

  @Column({ type: 'varchar', length: 2048, name: 'token' })
  token!: string;

  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
