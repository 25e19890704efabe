// vitest globalSetup: make sure Debian's chromium is there before any browser test starts.
import { ensureChromium } from './harness';

export default function setup(): void {
  ensureChromium();
}
