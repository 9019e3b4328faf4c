import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { classifyTestFiles } from './tests/support/needs-services.ts';

const { unit, integration } = classifyTestFiles(fileURLToPath(new URL('.', import.meta.url)));

export default defineConfig({
  test: {
    // Integration tests start real services (PostgreSQL databases, a Kafka mock cluster);
    // a consumer-group join on the mock takes a few seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    // `npm run test:unit`: the tests that need no service at all; `--project integration` the rest.
    projects: [
      { extends: true, test: { name: 'unit', include: unit } },
      { extends: true, test: { name: 'integration', include: integration } },
    ],
  },
});
