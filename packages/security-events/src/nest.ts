export type {
  SecurityEventsModuleAsyncOptions,
  SecurityEventsModuleOptions,
} from './nest/security-events.module.js';
export { SecurityEventsModule } from './nest/security-events.module.js';
export { SecurityEventsService } from './security-events-service.js';
