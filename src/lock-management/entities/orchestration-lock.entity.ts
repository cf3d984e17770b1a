import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An orchestration lock (SPEC-locks.md §1). At most one per service instance: see the migration. */
@Entity({ name: 'orchestration_lock' })
export class OrchestrationLock {
  /** bigint comes back from pg as a string; the mapper turns it into a JSON number. */
  @PrimaryGeneratedColumn({ type: 'bigint', name: 'id' })
  id!: string;

  @Column({ type: 'uuid', name: 'orchestration_job_id', nullable: true })
  orchestrationJobId!: string | null;

  @Index('uq_orchestration_lock_service_instance_id', { unique: true })
  @Column({ type: 'varchar', length: 255, name: 'service_instance_id' })
  serviceInstanceId!: string;

  @Index('ix_orchestration_lock_owner')
  @Column({ type: 'varchar', length: 63, name: 'owner' })
  owner!: string;

  @Index('ix_orchestration_lock_expires_at')
  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;

  @Column({ type: 'boolean', name: 'temporary', default: false })
  temporary!: boolean;
}
