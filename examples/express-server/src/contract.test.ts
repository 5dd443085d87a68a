import { describeExampleServer } from '@mana/contract-tests';
import { startExpressServer } from './app.js';

describeExampleServer('express', startExpressServer);
