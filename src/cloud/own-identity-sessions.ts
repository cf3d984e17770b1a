import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { OwnIdentitySession } from './own-identity-session.entity';

export interface StoredSession {
  token: string;
  /** Epoch ms; undefined when Authentication gave no expiration time (then no renewal by time). */
  expiresAt?: number;
}

/** Any 64-bit number that is ours: the advisory lock replicas log in under. */
const LOGIN_LOCK = 7_410_226_305;

/** `own_identity_session`: this system's session at the Authentication system, as the replicas share it. */
@Injectable()
export class OwnIdentitySessions {
  constructor(
    @InjectRepository(OwnIdentitySession) private readonly sessions: Repository<OwnIdentitySession>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async save(systemName: string, session: StoredSession): Promise<void> {
    await this.sessions.query(
      `INSERT INTO own_identity_session (system_name, token, expires_at, updated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (system_name) DO UPDATE SET token = EXCLUDED.token, expires_at = EXCLUDED.expires_at, updated_at = now()`,
      [systemName, session.token, session.expiresAt === undefined ? null : new Date(session.expiresAt)],
    );
  }

  async find(systemName: string): Promise<StoredSession | undefined> {
    const row = await this.sessions.findOneBy({ systemName });
    return row ? { token: row.token, expiresAt: row.expiresAt ? new Date(row.expiresAt).getTime() : undefined } : undefined;
  }

  /**
   * Replicas on one PostgreSQL log in one at a time. The embedded database serves one process
   * over one connection: no other replica, and holding that connection would stall every request.
   */
  async underLoginLock<T>(work: () => Promise<T>): Promise<T> {
    if (!this.config.database.url) return work();
    const runner = this.sessions.manager.connection.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [LOGIN_LOCK]);
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [LOGIN_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }
}
