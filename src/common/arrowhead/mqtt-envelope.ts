/** MqttRequestTemplate (SPEC.md §4.2) after parsing; `identity` is attached by the auth guard. */
export interface MqttRequestEnvelope {
  traceId?: string;
  /** What this request's log lines carry: its traceId, or a new id when it has none. */
  logTraceId: string;
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
