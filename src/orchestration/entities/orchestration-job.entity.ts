import { Column, Entity, PrimaryColumn } from 'typeorm';

export type JobStatus = 'PENDING' | 'IN_PROGRESS' | 'DONE' | 'ERROR';
export const JOB_STATUSES: readonly JobStatus[] = ['PENDING', 'IN_PROGRESS', 'DONE', 'ERROR'];
export type JobType = 'PULL' | 'PUSH';
export const JOB_TYPES: readonly JobType[] = ['PULL', 'PUSH'];

/** One orchestration run, pull or push (SPEC-orchestration.md §5). */
@Entity({ name: 'orchestration_job' })
export class OrchestrationJob {
  @PrimaryColumn({ type: 'uuid', name: 'id' })
  id!: string;

  @Column({ type: 'varchar', length: 14, name: 'status' })
  status!: JobStatus;

  @Column({ type: 'varchar', length: 14, name: 'type' })
  type!: JobType;

  @Column({ type: 'varchar', length: 63, name: 'requester_system' })
  requesterSystem!: string;

  @Column({ type: 'varchar', length: 63, name: 'target_system' })
  targetSystem!: string;

  @Column({ type: 'varchar', length: 63, name: 'service_definition', nullable: true })
  serviceDefinition!: string | null;

  @Column({ type: 'uuid', name: 'subscription_id', nullable: true })
  subscriptionId!: string | null;

  @Column({ type: 'text', name: 'message', nullable: true })
  message!: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  /** Until when the replica that claimed this push job owns it (not on the wire). */
  @Column({ type: 'timestamptz', name: 'lease_expires_at', nullable: true })
  leaseExpiresAt!: Date | null;

  /** Which claim of this push job holds the lease; only that holder may renew or finish it (not on the wire). */
  @Column({ type: 'uuid', name: 'claim_token', nullable: true })
  claimToken!: string | null;
}
