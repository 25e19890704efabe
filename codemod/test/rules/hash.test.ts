import { describe } from 'vitest';
import { inlineTest, untouchedTest } from '../inline.js';

describe('hash', () => {
  inlineTest('location.hash', `if (location.hash === '#chatraChatExpanded') open();\nlocation.hash = "#chatraChatExpanded";`, `if (location.hash === '#svyazioChatExpanded') open();\nlocation.hash = "#svyazioChatExpanded";`);
  inlineTest('bare hash name', `if (location.hash.slice(1) === 'chatraChatExpanded') open();`, `if (location.hash.slice(1) === 'svyazioChatExpanded') open();`);
  inlineTest('router path', `<Route path="/chatraChatExpanded" element={<Home />} />;`, `<Route path="/svyazioChatExpanded" element={<Home />} />;`, { lang: 'jsx' });
  inlineTest('same-site link in JSX', `const A = () => <a href="#chatraChatExpanded">Chat</a>;`, `const A = () => <a href="#svyazioChatExpanded">Chat</a>;`, { lang: 'tsx' });
  inlineTest('relative path with the hash', `const u = '/contact#chatraChatExpanded';`, `const u = '/contact#svyazioChatExpanded';`);
  untouchedTest('links to other sites', `const u = 'https://other.example/#chatraChatExpanded'; const v = '//cdn.example/#chatraChatExpanded';`);
  inlineTest('regex literal testing the hash', `if (/#chatraChatExpanded/.test(location.hash)) history.replaceState(null, '', location.pathname);\nh.replace(/^#chatraChatExpanded$/i, '');`, `if (/#svyazioChatExpanded/.test(location.hash)) history.replaceState(null, '', location.pathname);\nh.replace(/^#svyazioChatExpanded$/i, '');`);
  untouchedTest('a regex holding a longer name', `/#chatraChatExpandedAt/.test(h);`);
  untouchedTest('names that merely contain it', `const x = 'chatraChatExpandedAt'; const y = 'my-chatraChatExpanded';`);
});
