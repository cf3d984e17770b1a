import { Logger } from '@nestjs/common';
import { RateLimitedLog } from './rate-limited-log';

describe('RateLimitedLog', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('writes `limit` lines per key and window, then one summary of what it held back', () => {
    const warnings: string[] = [];
    const logger = { warn: (message: string) => warnings.push(message) } as unknown as Logger;
    const log = new RateLimitedLog(logger, 3, 10_000);
    for (let index = 0; index < 100; index++) log.warn('not JSON', `message ${index}`);
    log.warn('other kind', 'other');
    expect(warnings).toEqual(['message 0', 'message 1', 'message 2', 'other']);
    jest.advanceTimersByTime(10_000);
    expect(warnings.slice(4)).toEqual(['Suppressed 97 more warning(s) of the kind "not JSON" in 10 s']);
    log.warn('not JSON', 'again');
    expect(warnings.slice(5)).toEqual(['again']);
  });
});
