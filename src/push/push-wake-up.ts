import { Injectable } from '@nestjs/common';

/**
 * "There may be push work": raised by this replica's enqueues and by the PostgreSQL listener
 * (another replica's enqueues), heard by the dispatcher. It keeps those apart from the dispatcher,
 * which in turn uses the queue.
 */
@Injectable()
export class PushWakeUp {
  private readonly listeners: (() => void)[] = [];

  onWake(listener: () => void): void {
    this.listeners.push(listener);
  }

  wake(): void {
    for (const listener of this.listeners) listener();
  }
}
