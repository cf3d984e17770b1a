import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from './config/app-config';
import { reportUnhandledRejections } from './logging/unhandled-rejections';
import { CloudJoinError } from './cloud/core-call.error';
import { startupFailureReport } from './startup-error';
import { EmbeddedPostgres } from './database/embedded-postgres';

async function main(): Promise<void> {
  const started = Date.now();
  reportUnhandledRejections();
  const config = loadConfig(process.env);
  // PGlite starts in its worker while the rest of the service (most of an external start) loads.
  if (!config.database.url) EmbeddedPostgres.prestart(config.database.dataDir);
  const { startService } = await import('./bootstrap');
  const service = await startService(config);
  new Logger('Bootstrap').log(`ServiceOrchestration ready in ${Date.now() - started} ms`);
  // One orderly close on SIGTERM/SIGINT: HTTP and MQTT stop, then the database and the embedded broker.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void service.close().finally(() => process.exit(0)));
  }
}

main().catch((error: unknown) => {
  // Already logged as one ERROR line; a non-zero exit lets a restart policy try again.
  if (error instanceof CloudJoinError) process.exit(1);
  // Configuration and environment problems are the operator's to fix: say what, not where in the code.
  console.error(startupFailureReport(error));
  process.exit(1);
});
