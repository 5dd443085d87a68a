import { defineManaProject } from '../../vitest.shared.js';

export default defineManaProject({
  name: 'example-express-server',
  include: ['src/**/*.test.ts'],
  testTimeout: 60_000,
});
