import { describeRevocationSetups } from '@mana/contract-tests';
import { startNestServer } from './app.js';

describeRevocationSetups('nest', startNestServer);
