import { Global, Module } from '@nestjs/common';
import { BlacklistFilter } from './blacklist.filter';
import { CloudMembership } from './cloud-membership.service';
import { CoreSystemsClient } from './core-systems.client';
import { OwnIdentity } from './own-identity.service';

/** Taking part in a local cloud (SPEC-cloud.md): core-system calls, own identity, registration, Blacklist. */
@Global()
@Module({
  providers: [CoreSystemsClient, OwnIdentity, CloudMembership, BlacklistFilter],
  exports: [CoreSystemsClient, OwnIdentity, CloudMembership, BlacklistFilter],
})
export class CloudModule {}
