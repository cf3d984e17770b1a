import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A simple-store rule: consumer → service instance, with a priority (1 first). Unique per
 * (consumer, serviceDefinition, priority), see the migration.
 */
@Entity({ name: 'orchestration_store' })
export class OrchestrationStoreRule {
  @PrimaryColumn({ type: 'uuid', name: 'id' })
  id!: string;

  @Column({ type: 'varchar', length: 63, name: 'consumer' })
  consumer!: string;

  @Column({ type: 'varchar', length: 63, name: 'service_definition' })
  serviceDefinition!: string;

  @Column({ type: 'varchar', length: 255, name: 'service_instance_id' })
  serviceInstanceId!: string;

  @Column({ type: 'integer', name: 'priority' })
  priority!: number;

  @Column({ type: 'varchar', length: 63, name: 'created_by' })
  createdBy!: string;

  @Column({ type: 'varchar', length: 63, name: 'updated_by' })
  updatedBy!: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
