import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddPushClaimToken1764390000000 implements MigrationInterface {
  name = 'AddPushClaimToken1764390000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Each claim of a push job gets a new token; renewing the lease and finishing the job need
    // it, so a replica whose lease was taken over can no longer change the job.
    await queryRunner.query(`ALTER TABLE "orchestration_job" ADD "claim_token" uuid NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "orchestration_job" DROP COLUMN "claim_token"`);
  }
}
