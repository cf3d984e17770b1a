import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { testConfig } from '../../test/support/unit';
import { PUSH_LISTENER_APPLICATION_NAME, PushListener } from './push-listener';
import { PushWakeUp } from './push-wake-up';

/** Stands in for a pg Client: connecting fails with the next of `mockConnectFailures` (none: it succeeds). */
class MockClient extends EventEmitter {
  readonly queries: string[] = [];
  ended = false;
  readonly processID = 1000 + mockClients.length;

  constructor(readonly options: Record<string, unknown>) {
    super();
    mockClients.push(this);
  }

  async connect(): Promise<void> {
    const failure = mockConnectFailures.shift();
    if (failure) throw failure;
  }

  async query(text: string): Promise<void> {
    this.queries.push(text);
  }

  async end(): Promise<void> {
    this.ended = true;
  }
}

const mockClients: MockClient[] = [];
let mockConnectFailures: (Error | undefined)[] = [];
jest.mock('pg', () => ({ Client: jest.fn().mockImplementation((options: Record<string, unknown>) => new MockClient(options)) }));

describe('PushListener', () => {
  let wakes: number;
  let warnings: jest.SpyInstance;
  let lines: jest.SpyInstance;
  let listener: PushListener;

  function start(env: Record<string, string> = { DATABASE_URL: 'postgres://db.example:5432/orchestration' }): PushListener {
    const wakeUp = new PushWakeUp();
    wakeUp.onWake(() => wakes++);
    listener = new PushListener(wakeUp, testConfig(env));
    listener.onApplicationBootstrap();
    return listener;
  }

  beforeEach(() => {
    jest.useFakeTimers();
    mockClients.length = 0;
    mockConnectFailures = [];
    wakes = 0;
    warnings = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    lines = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    await listener?.beforeApplicationShutdown();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('does not listen on the embedded database (no DATABASE_URL)', async () => {
    start({});
    await jest.advanceTimersByTimeAsync(60_000);
    expect(mockClients).toHaveLength(0);
  });

  it('listens on a connection of its own and wakes the dispatcher on connect and on every notification', async () => {
    start();
    await jest.advanceTimersByTimeAsync(0);
    expect(mockClients).toHaveLength(1);
    expect(mockClients[0].options).toMatchObject({ connectionString: 'postgres://db.example:5432/orchestration', application_name: PUSH_LISTENER_APPLICATION_NAME });
    expect(mockClients[0].queries).toEqual(['LISTEN orchestration_push_job']);
    expect(listener.backendPid).toBe(mockClients[0].processID);
    expect(wakes).toBe(1);
    mockClients[0].emit('notification', { channel: 'orchestration_push_job', payload: '' });
    mockClients[0].emit('notification', { channel: 'orchestration_push_job', payload: '' });
    expect(wakes).toBe(3);
    expect(warnings).not.toHaveBeenCalled();
  });

  it('reconnects with back-off from 0.5 s to 30 s, warning once per outage and saying once when it is back', async () => {
    start();
    await jest.advanceTimersByTimeAsync(0);
    const refused = new Error('connection refused');
    mockConnectFailures = Array(8).fill(refused);
    mockClients[0].emit('error', new Error('terminating connection due to administrator command'));
    mockClients[0].emit('end');
    expect(mockClients[0].ended).toBe(true);
    expect(listener.backendPid).toBeUndefined();
    expect(warnings).toHaveBeenCalledTimes(1);
    expect(warnings.mock.calls[0][0]).toBe(
      'Not listening for queued push jobs (terminating connection due to administrator command); reconnecting, and polling every 5000 ms meanwhile',
    );

    // Attempt n starts after 0.5 s × 2^(n-1), at most 30 s; the ninth succeeds.
    const delays = [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000];
    for (const [attempt, delay] of delays.entries()) {
      await jest.advanceTimersByTimeAsync(delay - 1);
      expect(mockClients).toHaveLength(attempt + 1);
      await jest.advanceTimersByTimeAsync(1);
      expect(mockClients).toHaveLength(attempt + 2);
    }
    expect(warnings).toHaveBeenCalledTimes(1);
    expect(lines.mock.calls.map(([line]) => line)).toEqual(['Listening for queued push jobs again (after 9 reconnection attempt(s))']);
    expect(listener.backendPid).toBe(mockClients[9].processID);
    // Once at the first connect, once when back: jobs queued meanwhile are looked for at once.
    expect(wakes).toBe(2);

    // The next outage warns again and starts over at 0.5 s.
    mockClients[9].emit('error', new Error('connection reset'));
    expect(warnings).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(500);
    expect(mockClients).toHaveLength(11);
    expect(listener.backendPid).toBe(mockClients[10].processID);
  });

  it('stops listening at shutdown and does not reconnect', async () => {
    start();
    await jest.advanceTimersByTimeAsync(0);
    await listener.beforeApplicationShutdown();
    expect(mockClients[0].ended).toBe(true);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(mockClients).toHaveLength(1);
    expect(warnings).not.toHaveBeenCalled();
  });
});
