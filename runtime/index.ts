/** Entry of the browser bundle dist/svyazio.js. */
import { install } from './boot';
import { warn } from './log';

try {
  install(window);
} catch (e) {
  warn(`failed to install: ${e instanceof Error ? e.message : String(e)}`);
}
