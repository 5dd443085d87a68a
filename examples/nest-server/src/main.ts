import { createServices, installShutdown, loadConfig } from '@mana/example-shared';
import { startNestServer } from './app.js';

const config = loadConfig();
const services = await createServices(config);
const server = await startNestServer(services, config);
installShutdown(server, services);
console.log(
  `[example] nest-server listening on ${config.baseURL} (database: ${config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`})`,
);
