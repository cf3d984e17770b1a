import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { CloudModule } from '../cloud/cloud.module';
import { MqttConnectionModule } from '../mqtt/mqtt-connection';
import { HealthController } from './health.controller';

@Module({ imports: [TerminusModule.forRoot({ logger: false }), MqttConnectionModule, CloudModule], controllers: [HealthController] })
export class HealthModule {}
