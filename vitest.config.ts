import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration and end-to-end files start their own engine on their own port; forks keep
    // each file's process.env to itself.
    pool: 'forks',
    // Bundles every function once per run when the functions run from their bundles (test:bundles).
    globalSetup: ['test/support/bundles.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Handlers log faults that tests provoke on purpose; POWERTOOLS_LOG_LEVEL=DEBUG npm test shows them.
    env: {
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
      // Nor do they print metrics (EMF), but where a test turns them on to read them.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Tests never reach the real WeCom: robot pushes go to a closed local port unless a test starts a fake.
      WECOM_BASE_URL: 'http://127.0.0.1:9',
    },
  },
});
