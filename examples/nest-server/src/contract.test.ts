import { describeExampleServer } from '@mana/contract-tests';
import { startNestServer } from './app.js';

describeExampleServer('nest', startNestServer);
