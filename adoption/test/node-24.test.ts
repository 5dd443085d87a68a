import { defineAdoptionSuite } from '../src/adoption-suite.js';

defineAdoptionSuite(24);
