/** `npm run test:faults`: real processes of the built service under faults; not part of `npm test`. */
const base = require('../../jest.config.js').projects.find((p) => p.displayName === 'e2e');

module.exports = {
  testEnvironment: 'node',
  rootDir: '../..',
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  transform: base.transform,
  transformIgnorePatterns: base.transformIgnorePatterns,
  testTimeout: 10 * 60_000,
  maxWorkers: 1,
};
