import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['runtime/**/*.test.ts', 'codemod/**/*.test.ts', 'cli/**/*.test.ts', 'docs/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: browser and CLI suites spawn processes of their own.
    maxWorkers: 2,
    globalSetup: ['runtime/test/browser/global-setup.ts'],
  },
});
