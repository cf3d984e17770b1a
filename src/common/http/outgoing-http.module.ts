import { Module } from '@nestjs/common';
import { OutgoingHttp } from './outgoing-http';

@Module({ providers: [OutgoingHttp], exports: [OutgoingHttp] })
export class OutgoingHttpModule {}
