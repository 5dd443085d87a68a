export { SecurityEventsService } from '@mana/security-events';
export type {
  SecurityEventsModuleAsyncOptions,
  SecurityEventsModuleOptions,
} from './nest/security-events.module.js';
export { SecurityEventsModule } from './nest/security-events.module.js';
