import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrchestrationLock1763800000000 implements MigrationInterface {
  name = 'CreateOrchestrationLock1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "orchestration_lock" (
        "id" BIGSERIAL PRIMARY KEY,
        "orchestration_job_id" uuid NULL,
        "service_instance_id" varchar(255) NOT NULL,
        "owner" varchar(63) NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "temporary" boolean NOT NULL DEFAULT false
      )`);
    // One lock per service instance, guaranteed by the database across replicas: concurrent
    // creates for one instance cannot both commit. Expired locks are deleted before a new one is
    // granted, so the index never blocks a legitimate lock.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_orchestration_lock_service_instance_id" ON "orchestration_lock" ("service_instance_id")`,
    );
    await queryRunner.query(`CREATE INDEX "ix_orchestration_lock_owner" ON "orchestration_lock" ("owner")`);
    await queryRunner.query(`CREATE INDEX "ix_orchestration_lock_expires_at" ON "orchestration_lock" ("expires_at")`);
    await queryRunner.query(
      `CREATE INDEX "ix_orchestration_lock_job_id" ON "orchestration_lock" ("orchestration_job_id") WHERE "orchestration_job_id" IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "orchestration_lock"`);
  }
}
