import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { batchWhileBusy } from '../database/batch-while-busy';
import { constantQuery } from '../database/constant-query';
import { LiveLocks } from '../lock-management/live-locks';
import { OrchestrationStoreRule } from './entities/orchestration-store.entity';

/** A rule as pull needs it: the two columns it reads. */
export interface Candidate {
  serviceInstanceId: string;
  serviceDefinition: string;
}

/** One pull's lookup: the consumer's rules for one service definition, or for all (null). */
export interface CandidateLookup {
  consumer: string;
  serviceDefinition: string | null;
}

/**
 * Two batches may run at once, so that one slow statement does not hold up every pull; pulls that
 * arrive meanwhile go together in the next. Measured on the benchmark (32 in flight): one and two
 * gave the same throughput, four a little less.
 */
const BATCHES_IN_FLIGHT = 2;
/** Lookups per statement: bounds its parameters and its answer (about ten rules per consumer). */
const LOOKUPS_PER_BATCH = 256;

/**
 * The candidate lookup of pulls as constant SQL, composed once at start-up: $1 the lookups as
 * JSON (`consumer`, `definition` or null for all, `turn`), then $2 now when locks count. For each
 * lookup, one index range scan of the consumer's rules by priority, without the instances someone
 * other than that consumer holds a live lock on (the lock module's predicate) when
 * ORCH_LOCKS_AFFECT_PULL; the rows come back by turn, then priority, then id (equal priorities,
 * only across definitions, fall back to id order, as in the reference's storage).
 *
 * JSON, not arrays: the planner sizes an array parameter by its length, so every execution
 * looked cheaper planned afresh and PostgreSQL never settled on the prepared plan (planning cost
 * five times the execution, and an idle pull's p50 doubled); a JSON set has no size to see.
 */
export function candidateStatement(liveLocks: LiveLocks | null): string {
  const free = liveLocks ? ` AND ${liveLocks.notHeldByOthers('r.service_instance_id', 'lookup.consumer', '$2')}` : '';
  return `SELECT lookup.turn AS "turn", rule."serviceInstanceId", rule."serviceDefinition"
  FROM json_to_recordset($1::json) AS lookup(consumer varchar, definition varchar, turn int)
  CROSS JOIN LATERAL (
    SELECT r.service_instance_id AS "serviceInstanceId", r.service_definition AS "serviceDefinition", r.priority, r.id
      FROM orchestration_store r
     WHERE r.consumer = lookup.consumer AND (lookup.definition IS NULL OR r.service_definition = lookup.definition)${free}) rule
  ORDER BY lookup.turn, rule.priority, rule.id`;
}

/**
 * Pull's read of `orchestration_store` (SPEC-orchestration.md §2): one constant statement for all
 * the pulls that arrived while the previous one ran (see batchWhileBusy), alone when idle.
 */
@Injectable()
export class CandidateRules {
  private readonly statement: string;
  private readonly locksCount: boolean;
  readonly find: (lookup: CandidateLookup) => Promise<Candidate[]>;

  constructor(
    @InjectRepository(OrchestrationStoreRule) private readonly rules: Repository<OrchestrationStoreRule>,
    liveLocks: LiveLocks,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.locksCount = config.orchestration.locksAffectPull;
    this.statement = candidateStatement(this.locksCount ? liveLocks : null);
    this.find = batchWhileBusy((lookups) => this.findAll(lookups), { maxInFlight: BATCHES_IN_FLIGHT, maxBatchSize: LOOKUPS_PER_BATCH });
  }

  /** For each lookup, the consumer's rules by priority, minus instances locked by others (when locks count). */
  private async findAll(lookups: readonly CandidateLookup[]): Promise<Candidate[][]> {
    const values: unknown[] = [JSON.stringify(lookups.map(({ consumer, serviceDefinition }, index) => ({ consumer, definition: serviceDefinition, turn: index + 1 })))];
    if (this.locksCount) values.push(new Date());
    const rows = await constantQuery<Candidate & { turn: number }>(this.rules.manager.connection, this.statement, values);
    const answers: Candidate[][] = lookups.map(() => []);
    for (const { turn, serviceInstanceId, serviceDefinition } of rows) answers[turn - 1].push({ serviceInstanceId, serviceDefinition });
    return answers;
  }
}
