import { describeRevocationSetups } from '@mana/contract-tests';
import { startExpressServer } from './app.js';

describeRevocationSetups('express', startExpressServer);
