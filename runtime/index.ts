/** Entry of the browser bundle dist/svyazio.js. */
import { install } from './boot';
import { errorText, warn } from './log';

try {
  install(window);
} catch (e) {
  warn(`failed to install: ${errorText(e)}`);
}
