import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './src/database/data-source-options';

// For the TypeORM CLI (`npm run migration:run`, `migration:generate`). The service itself runs the
// same migrations at start-up under an advisory lock, embedded database included.
const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error('Set DATABASE_URL (postgres://user:password@host:5432/database) to use the TypeORM CLI');
}

export default new DataSource(buildDataSourceOptions(url, 1));
