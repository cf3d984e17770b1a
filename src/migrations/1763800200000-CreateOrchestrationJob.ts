import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrchestrationJob1763800200000 implements MigrationInterface {
  name = 'CreateOrchestrationJob1763800200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "orchestration_job" (
        "id" uuid PRIMARY KEY,
        "status" varchar(14) NOT NULL,
        "type" varchar(14) NOT NULL,
        "requester_system" varchar(63) NOT NULL,
        "target_system" varchar(63) NOT NULL,
        "service_definition" varchar(63) NULL,
        "subscription_id" uuid NULL,
        "message" text NULL,
        "created_at" timestamptz NOT NULL,
        "started_at" timestamptz NULL,
        "finished_at" timestamptz NULL
      )`);
    // The cleaner's scan for finished jobs past their retention.
    await queryRunner.query(
      `CREATE INDEX "ix_orchestration_job_finished_at" ON "orchestration_job" ("finished_at") WHERE "status" IN ('DONE', 'ERROR')`,
    );
    // Push jobs are looked up by subscription (reuse of a pending job, history filter).
    await queryRunner.query(
      `CREATE INDEX "ix_orchestration_job_subscription_id" ON "orchestration_job" ("subscription_id") WHERE "subscription_id" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "ix_orchestration_job_target_system" ON "orchestration_job" ("target_system")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "orchestration_job"`);
  }
}
