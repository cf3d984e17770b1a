import { Logger } from '@nestjs/common';
import { unhandledRejectionReporter } from './unhandled-rejections';

describe('unhandledRejectionReporter', () => {
  it('logs the rejection with its stack, whatever was rejected', () => {
    const lines: Array<{ message: string; stack?: string }> = [];
    const logger = { error: (message: string, stack?: string) => lines.push({ message, stack }) } as unknown as Logger;
    unhandledRejectionReporter(logger)(new Error('boom'));
    unhandledRejectionReporter(logger)('not an error');
    expect(lines).toEqual([
      { message: 'Unhandled promise rejection (the service keeps running): boom', stack: expect.stringContaining('boom') },
      { message: 'Unhandled promise rejection (the service keeps running): not an error', stack: expect.any(String) },
    ]);
  });
});
