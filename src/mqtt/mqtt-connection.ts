import { Injectable, Module } from '@nestjs/common';
import type { MqttClient } from 'mqtt';

export type MqttConnectionState = 'disabled' | 'connected' | 'disconnected';

/**
 * The service's own broker connection (the MQTT server's client), shared by whoever publishes
 * outside a request (push notifications) and by readiness: probes read its state instead of
 * opening a connection of their own.
 */
@Injectable()
export class MqttConnection {
  private mqttClient?: MqttClient;

  attach(client: MqttClient): void {
    this.mqttClient = client;
  }

  get client(): MqttClient | undefined {
    return this.mqttClient;
  }

  get state(): MqttConnectionState {
    if (!this.mqttClient) return 'disabled';
    return this.mqttClient.connected ? 'connected' : 'disconnected';
  }
}

@Module({ providers: [MqttConnection], exports: [MqttConnection] })
export class MqttConnectionModule {}
