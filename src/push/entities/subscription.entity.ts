import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NormalizedOrchestrationRequest } from '../../orchestration/orchestration-request.parser';

export type NotifyProtocol = 'HTTP' | 'HTTPS' | 'MQTT' | 'MQTTS';

/** A push subscription (SPEC-orchestration.md §3.3): unique per (owner, target, service definition). */
@Entity({ name: 'subscription' })
export class Subscription {
  @PrimaryColumn({ type: 'uuid', name: 'id' })
  id!: string;

  @Column({ type: 'varchar', length: 63, name: 'owner_system' })
  ownerSystem!: string;

  @Column({ type: 'varchar', length: 63, name: 'target_system' })
  targetSystem!: string;

  @Column({ type: 'varchar', length: 63, name: 'service_definition', nullable: true })
  serviceDefinition!: string | null;

  @Column({ type: 'timestamptz', name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'varchar', length: 14, name: 'notify_protocol' })
  notifyProtocol!: NotifyProtocol;

  @Column({ type: 'jsonb', name: 'notify_properties' })
  notifyProperties!: Record<string, string>;

  /** The normalized request, warnings included, replayed by every push. */
  @Column({ type: 'jsonb', name: 'orchestration_request' })
  orchestrationRequest!: NormalizedOrchestrationRequest;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
