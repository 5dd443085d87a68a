import { createServices, installShutdown, loadConfig } from '@mana/example-shared';
import { startHonoServer } from './app.js';

const config = loadConfig();
const services = await createServices(config);
const server = await startHonoServer(services, config);
installShutdown(server, services);
console.log(
  `[example] hono-server listening on ${config.baseURL} (database: ${config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`})`,
);
