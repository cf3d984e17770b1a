import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateOrchestrationStore1763800100000 implements MigrationInterface {
  name = 'CreateOrchestrationStore1763800100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The unique rule (SPEC-deviations E1) is checked at commit (DEFERRABLE INITIALLY DEFERRED),
    // so that modify-priorities may swap priorities inside a rule set in one transaction. Its
    // index, led by consumer and service definition and ordered by priority, is also exactly
    // the lookup of a pull: an index range scan however large the store grows.
    await queryRunner.query(`
      CREATE TABLE "orchestration_store" (
        "id" uuid PRIMARY KEY,
        "consumer" varchar(63) NOT NULL,
        "service_definition" varchar(63) NOT NULL,
        "service_instance_id" varchar(255) NOT NULL,
        "priority" integer NOT NULL,
        "created_by" varchar(63) NOT NULL,
        "updated_by" varchar(63) NOT NULL,
        "created_at" timestamptz NOT NULL,
        "updated_at" timestamptz NOT NULL,
        CONSTRAINT "uq_orchestration_store_rule" UNIQUE ("consumer", "service_definition", "priority") DEFERRABLE INITIALLY DEFERRED
      )`);
    // A pull without a service definition reads all of a consumer's rules by priority.
    await queryRunner.query(`CREATE INDEX "ix_orchestration_store_consumer_priority" ON "orchestration_store" ("consumer", "priority")`);
    await queryRunner.query(`CREATE INDEX "ix_orchestration_store_service_instance_id" ON "orchestration_store" ("service_instance_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "orchestration_store"`);
  }
}
