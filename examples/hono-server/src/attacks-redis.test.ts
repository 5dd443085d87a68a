import { describeAttackSuite } from '@mana/contract-tests';
import { startHonoServer } from './app.js';

describeAttackSuite('hono', startHonoServer, { redis: true });
