import { createServices, installShutdown, loadConfig } from '@mana/example-shared';
import { startExpressServer } from './app.js';

const config = loadConfig();
const services = await createServices(config);
const server = await startExpressServer(services, config);
installShutdown(server, services);
console.log(
  `[example] express-server listening on ${config.baseURL} (database: ${config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`})`,
);
