export type {
  SecurityEventsModuleAsyncOptions,
  SecurityEventsModuleOptions,
} from './nest/security-events.module.js';
export { SecurityEventsModule } from './nest/security-events.module.js';
export { SecurityEventsService } from './service/security-events-service.js';
