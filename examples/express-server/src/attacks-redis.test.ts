import { describeAttackSuite } from '@mana/contract-tests';
import { startExpressServer } from './app.js';

describeAttackSuite('express', startExpressServer, { redis: true });
