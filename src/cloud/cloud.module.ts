import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutgoingHttpModule } from '../common/http/outgoing-http.module';
import { BlacklistFilter } from './blacklist.filter';
import { CloudMembership } from './cloud-membership.service';
import { CoreSystemsClient } from './core-systems.client';
import { OwnIdentitySession } from './own-identity-session.entity';
import { OwnIdentitySessions } from './own-identity-sessions';
import { OwnIdentity } from './own-identity.service';

/** Taking part in a local cloud (SPEC-cloud.md): core-system calls, own identity, registration, Blacklist. Owns `own_identity_session`. */
@Module({
  imports: [TypeOrmModule.forFeature([OwnIdentitySession]), OutgoingHttpModule],
  providers: [CoreSystemsClient, OwnIdentity, OwnIdentitySessions, CloudMembership, BlacklistFilter],
  exports: [CoreSystemsClient, OwnIdentity, CloudMembership, BlacklistFilter],
})
export class CloudModule {}
