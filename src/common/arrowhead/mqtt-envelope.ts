/** MqttRequestTemplate (SPEC.md §4.2) after parsing; `identity` is attached by the auth guard. */
export interface MqttRequestEnvelope {
  traceId?: string;
  authentication?: string;
  responseTopic?: string;
  qosRequirement: 0 | 1 | 2;
  params: Record<string, string>;
  payload: unknown;
  /** Full topic the request arrived on (without any `$share/<group>/` prefix). */
  topic: string;
}

/** MqttResponseTemplate (SPEC.md §4.3). */
export interface MqttResponseEnvelope {
  status: number;
  traceId?: string;
  receiver?: string;
  payload: unknown;
}

/** What an RPC exception filter hands back to the MQTT server: the reply status and payload. */
export interface MqttErrorReply {
  status: number;
  payload: unknown;
}

export function isMqttErrorReply(value: unknown): value is MqttErrorReply {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as MqttErrorReply).status === 'number' &&
    'payload' in value
  );
}
