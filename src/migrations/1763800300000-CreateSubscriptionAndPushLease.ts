import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSubscriptionAndPushLease1763800300000 implements MigrationInterface {
  name = 'CreateSubscriptionAndPushLease1763800300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "subscription" (
        "id" uuid PRIMARY KEY,
        "owner_system" varchar(63) NOT NULL,
        "target_system" varchar(63) NOT NULL,
        "service_definition" varchar(63) NULL,
        "expires_at" timestamptz NULL,
        "notify_protocol" varchar(14) NOT NULL,
        "notify_properties" jsonb NOT NULL,
        "orchestration_request" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL
      )`);
    // A null service definition is a key value of its own (PostgreSQL < 15 has no NULLS NOT DISTINCT).
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_subscription_key" ON "subscription" ("owner_system", "target_system", COALESCE("service_definition", ''))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_subscription_target_system" ON "subscription" ("target_system")`);
    await queryRunner.query(`CREATE INDEX "ix_subscription_expires_at" ON "subscription" ("expires_at") WHERE "expires_at" IS NOT NULL`);

    // Push jobs are claimed from the database by any replica; a claim is a lease, so that a job
    // whose replica died is claimed again once the lease has run out.
    await queryRunner.query(`ALTER TABLE "orchestration_job" ADD "lease_expires_at" timestamptz NULL`);
    await queryRunner.query(
      `CREATE INDEX "ix_orchestration_job_push_queue" ON "orchestration_job" ("created_at") WHERE "type" = 'PUSH' AND "status" IN ('PENDING', 'IN_PROGRESS')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_orchestration_job_push_queue"`);
    await queryRunner.query(`ALTER TABLE "orchestration_job" DROP COLUMN "lease_expires_at"`);
    await queryRunner.query(`DROP TABLE "subscription"`);
  }
}
