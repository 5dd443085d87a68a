import { defineManaProject } from '../../vitest.shared.js';

export default defineManaProject({
  name: 'example-hono-server',
  include: ['src/**/*.test.ts'],
  testTimeout: 60_000,
});
