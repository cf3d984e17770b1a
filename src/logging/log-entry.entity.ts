import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A persisted log event (SPEC-operations.md §3, `logs`), served by generalManagement.get-log. */
@Entity({ name: 'logs' })
export class LogEntry {
  @PrimaryColumn({ type: 'varchar', length: 100, name: 'log_id' })
  logId!: string;

  @Column({ type: 'timestamptz', name: 'entry_date' })
  entryDate!: Date;

  @Column({ type: 'varchar', length: 100, name: 'logger' })
  logger!: string;

  @Column({ type: 'varchar', length: 100, name: 'log_level' })
  logLevel!: string;

  @Column({ type: 'text', name: 'message' })
  message!: string;

  @Column({ type: 'text', name: 'exception', nullable: true })
  exception!: string | null;
}
