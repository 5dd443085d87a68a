import { describeExampleServer } from '@mana/contract-tests';
import { startHonoServer } from './app.js';

describeExampleServer('hono', startHonoServer);
