import { Logger } from '@nestjs/common';
import { currentTraceId, runWithTrace } from './trace-context';
import { unhandledRejectionReporter } from './unhandled-rejections';

describe('unhandledRejectionReporter', () => {
  it('logs the rejection with its stack, in the trace of the request that caused it', () => {
    const lines: Array<{ message: string; stack?: string; traceId?: string }> = [];
    const logger = { error: (message: string, stack?: string) => lines.push({ message, stack, traceId: currentTraceId() }) } as unknown as Logger;
    runWithTrace('trace-9', () => unhandledRejectionReporter(logger)(new Error('boom')));
    unhandledRejectionReporter(logger)('not an error');
    expect(lines).toEqual([
      { message: 'Unhandled promise rejection (the service keeps running): boom', stack: expect.stringContaining('boom'), traceId: 'trace-9' },
      { message: 'Unhandled promise rejection (the service keeps running): not an error', stack: expect.any(String), traceId: undefined },
    ]);
  });
});
