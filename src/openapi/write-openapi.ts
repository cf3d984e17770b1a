import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import { AppLogger } from '../logging/app-logger';
import { buildOpenApiDocument } from './openapi';

/**
 * Writes the OpenAPI description to a file (default openapi.json) for client generators. The
 * application graph is only previewed: no database, broker or port is touched.
 */
async function write(): Promise<void> {
  const target = process.argv[2] ?? 'openapi.json';
  const logger = new AppLogger('text', ['error'], false);
  const app = await NestFactory.create(AppModule.forRoot(loadConfig({}), logger), { preview: true, logger: false });
  writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
  console.log(`OpenAPI description written to ${target}`);
}

write().catch((error) => {
  console.error(error);
  process.exit(1);
});
