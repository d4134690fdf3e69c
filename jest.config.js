/** Unit specs beside the code; end-to-end suites in test/ against real PostgreSQL, Redis and SMTP. */
const fs = require('node:fs');
const path = require('node:path');

/**
 * Node 20 loads ES-module-only packages from CommonJS natively, but Jest's module runtime does not:
 * those packages are compiled to CommonJS for the tests, the rest of node_modules is left alone.
 */
function esmOnlyPackages() {
  const root = path.join(__dirname, 'node_modules');
  const names = [];
  const visit = (dir, prefix) => {
    for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      if (entry.startsWith('.')) continue;
      if (entry.startsWith('@') && !prefix) {
        visit(path.join(dir, entry), `${entry}/`);
        continue;
      }
      try {
        const manifest = JSON.parse(fs.readFileSync(path.join(dir, entry, 'package.json'), 'utf8'));
        if (manifest.type === 'module') names.push(prefix + entry);
      } catch {
        // not a package
      }
    }
  };
  visit(root, '');
  return names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}

const transform = {
  '^.+\\.(ts|js|mjs)$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};

module.exports = {
  testTimeout: 60000,
  // End-to-end files mostly wait on PostgreSQL, Redis, SMTP and the clock: two at once keep both cores busy.
  maxWorkers: 2,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform,
      transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages().join('|')})/)`],
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      rootDir: '.',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      transform,
      transformIgnorePatterns: [`/node_modules/(?!(${esmOnlyPackages().join('|')})/)`],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
