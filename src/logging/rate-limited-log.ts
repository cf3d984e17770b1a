import { Logger } from '@nestjs/common';
import type { TracedMessage } from './trace-context';

interface Window {
  started: number;
  written: number;
  suppressed: number;
  timer?: NodeJS.Timeout;
}

/**
 * Warnings that outsiders can cause at will (malformed or unauthenticated traffic): at most
 * `limit` lines per key and window, the rest counted and reported in one summary line when the
 * window closes, so that a flood costs a bounded number of log lines and stored log rows.
 * Keys are fixed strings chosen by the caller, never client values (the map stays small).
 */
export class RateLimitedLog {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly logger: Logger,
    private readonly limit = 10,
    private readonly windowMs = 60_000,
  ) {}

  warn(key: string, message: string | TracedMessage): void {
    const now = Date.now();
    let window = this.windows.get(key);
    if (window && now - window.started >= this.windowMs) {
      this.close(key, window);
      window = undefined;
    }
    if (!window) {
      window = { started: now, written: 0, suppressed: 0 };
      this.windows.set(key, window);
    }
    if (window.written < this.limit) {
      window.written++;
      this.logger.warn(message);
      return;
    }
    window.suppressed++;
    if (!window.timer) {
      const open = window;
      open.timer = setTimeout(() => this.close(key, open), Math.max(0, open.started + this.windowMs - now));
      open.timer.unref();
    }
  }

  private close(key: string, window: Window): void {
    clearTimeout(window.timer);
    if (this.windows.get(key) === window) this.windows.delete(key);
    if (window.suppressed > 0) {
      this.logger.warn(`Suppressed ${window.suppressed} more warning(s) of the kind "${key}" in ${Math.round(this.windowMs / 1000)} s`);
      window.suppressed = 0;
    }
  }
}
