import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Transport } from '../common/arrowhead/request-context';
import { LiveLocks } from '../lock-management/live-locks';

/**
 * Prometheus metrics: requests and their latency per operation and transport (recorded at the
 * transport edges, so refused and failed requests count too), push outcomes, live locks. One
 * registry per service instance, so that several instances in one process stay apart.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'arrowhead_requests_total',
    help: 'Requests served, by transport, operation, status and whether the operation is a management one',
    labelNames: ['transport', 'operation', 'status', 'management'],
    registers: [this.registry],
  });

  private readonly latency = new Histogram({
    name: 'arrowhead_request_duration_seconds',
    help: 'Time to answer a request, by transport and operation',
    labelNames: ['transport', 'operation'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  private readonly pushes = new Counter({
    name: 'arrowhead_push_notifications_total',
    help: 'Push jobs finished, by notify protocol and outcome (DONE, ERROR, or LEASE_LOST when another replica had taken the job over)',
    labelNames: ['protocol', 'outcome'],
    registers: [this.registry],
  });

  private readonly jobFlushFailures = new Counter({
    name: 'arrowhead_job_flush_failures_total',
    help: 'Failed writes of buffered orchestration job records (each is retried)',
    registers: [this.registry],
  });

  constructor(liveLocks: LiveLocks) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'arrowhead_live_locks',
      help: 'Orchestration locks that have not expired',
      registers: [this.registry],
      async collect() {
        this.set(await liveLocks.count());
      },
    });
  }

  /** `management` is what the route table declares for the operation (false for unmatched requests). */
  recordRequest(transport: Transport, operation: string, status: number, seconds: number, management: boolean): void {
    this.requests.inc({ transport, operation, status: String(status), management: String(management) });
    this.latency.observe({ transport, operation }, seconds);
  }

  recordJobFlushFailure(): void {
    this.jobFlushFailures.inc();
  }

  recordPush(protocol: string, outcome: 'DONE' | 'ERROR' | 'LEASE_LOST'): void {
    this.pushes.inc({ protocol, outcome });
  }
}
