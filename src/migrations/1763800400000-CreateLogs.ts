import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateLogs1763800400000 implements MigrationInterface {
  name = 'CreateLogs1763800400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "logs" (
        "log_id" varchar(100) PRIMARY KEY,
        "entry_date" timestamptz NOT NULL,
        "logger" varchar(100) NOT NULL,
        "log_level" varchar(100) NOT NULL,
        "message" text NOT NULL,
        "exception" text NULL
      )`);
    await queryRunner.query(`CREATE INDEX "ix_logs_entry_date" ON "logs" ("entry_date")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "logs"`);
  }
}
