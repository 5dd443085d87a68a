import { defineManaProject } from '../../vitest.shared.js';

export default defineManaProject({ name: 'cli' });
