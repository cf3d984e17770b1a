import { MigrationInterface, QueryRunner } from 'typeorm';

/** The outsourced policy's own session, shared by the replicas (SPEC-cloud.md §5.3). */
export class CreateOwnIdentitySession1763800900000 implements MigrationInterface {
  name = 'CreateOwnIdentitySession1763800900000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "own_identity_session" (
        "system_name" varchar(255) PRIMARY KEY,
        "token" varchar(2048) NOT NULL,
        "expires_at" timestamptz NULL,
        "updated_at" timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "own_identity_session"`);
  }
}
