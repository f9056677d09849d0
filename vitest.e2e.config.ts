import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Browser journeys against the real server (built web client, own SQLite database per file,
 * copied from a demo world seeded once per pass: tests/e2e/helpers/demoTemplate.ts) in Debian's
 * Chromium. Slow by nature, so they run one file at a time with long timeouts; E2E_FILES_AT_ONCE=2
 * runs two side by side (each with its own server and browser) where the machine has room.
 */
const filesAtOnce = Math.max(1, Number(process.env.E2E_FILES_AT_ONCE ?? 1) || 1);

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: filesAtOnce > 1,
    maxWorkers: filesAtOnce,
    globalSetup: ['tests/e2e/helpers/globalSetup.ts'],
    testTimeout: 90_000,
    // Once, in CI only: a journey that passes only on its retry is listed by
    // tests/e2e/helpers/flakyReporter.ts and printed in CI's summary, to be fixed.
    retry: process.env.CI ? 1 : 0,
    hookTimeout: 180_000,
  },
});
