import { describeAttackSuite } from '@mana/contract-tests';
import { startNestServer } from './app.js';

describeAttackSuite('nest', startNestServer, { redis: false });
