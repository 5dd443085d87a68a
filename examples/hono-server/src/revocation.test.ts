import { describeRevocationSetups } from '@mana/contract-tests';
import { startHonoServer } from './app.js';

describeRevocationSetups('hono', startHonoServer);
