import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Browser journeys against the real server (built web client, fresh SQLite database per file)
 * in Debian's Chromium. Slow by nature, so they run one file at a time with long timeouts.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['tests/e2e/helpers/globalSetup.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
  },
});
