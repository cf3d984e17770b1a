import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { constantQuery } from '../database/constant-query';
import { LiveLocks } from '../lock-management/live-locks';
import { OrchestrationStoreRule } from './entities/orchestration-store.entity';

/** A rule as pull needs it: the two columns it reads. */
export interface Candidate {
  serviceInstanceId: string;
  serviceDefinition: string;
}

export interface CandidateStatements {
  /** $1 consumer, then $2 now when locks count. */
  all: string;
  /** $1 consumer, $2 service definition, then $3 now when locks count. */
  forDefinition: string;
}

const SELECT = 'SELECT r.service_instance_id AS "serviceInstanceId", r.service_definition AS "serviceDefinition" FROM orchestration_store r WHERE r.consumer = $1';
// Equal priorities (only across definitions) fall back to id order, as in the reference's storage.
const ORDER = 'ORDER BY r.priority ASC, r.id ASC';

/**
 * The candidate lookup of a pull as constant SQL, composed once at start-up: the consumer's
 * rules (for one service definition, or all) by priority, without the instances someone else
 * holds a live lock on when ORCH_LOCKS_AFFECT_PULL (the lock module's predicate); one index range scan.
 */
export function candidateStatements(liveLocks: LiveLocks | null): CandidateStatements {
  const free = (now: string) => (liveLocks ? ` AND ${liveLocks.notHeldByOthers('r.service_instance_id', '$1', now)}` : '');
  return {
    all: `${SELECT}${free('$2')} ${ORDER}`,
    forDefinition: `${SELECT} AND r.service_definition = $2${free('$3')} ${ORDER}`,
  };
}

/** Pull's read of `orchestration_store` (SPEC-orchestration.md §2): one constant statement per pull. */
@Injectable()
export class CandidateRules {
  private readonly statements: CandidateStatements;
  private readonly locksCount: boolean;

  constructor(
    @InjectRepository(OrchestrationStoreRule) private readonly rules: Repository<OrchestrationStoreRule>,
    liveLocks: LiveLocks,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.locksCount = config.orchestration.locksAffectPull;
    this.statements = candidateStatements(this.locksCount ? liveLocks : null);
  }

  /** The consumer's rules by priority, minus instances locked by others (when locks count). */
  find(consumer: string, serviceDefinition: string | null): Promise<Candidate[]> {
    const values: unknown[] = serviceDefinition === null ? [consumer] : [consumer, serviceDefinition];
    if (this.locksCount) values.push(new Date());
    const text = serviceDefinition === null ? this.statements.all : this.statements.forDefinition;
    return constantQuery<Candidate>(this.rules.manager.connection, text, values);
  }
}
