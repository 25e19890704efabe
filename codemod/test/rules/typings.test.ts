import { describe } from 'vitest';
import { inlineTest, untouchedTest } from '../inline.js';

const ts = { lang: 'ts' as const };

describe('typings', () => {
  inlineTest(
    'interface Window in declare global',
    `export {};\ndeclare global {\n  interface Window {\n    Chatra?: (...args: unknown[]) => void;\n    ChatraSetup?: Record<string, unknown>;\n    ChatraID?: string;\n  }\n}\n`,
    `export {};\ndeclare global {\n  interface Window {\n    Svyazio?: (...args: unknown[]) => void;\n    SvyazioSetup?: Record<string, unknown>;\n    SvyazioConfig?: { orgId?: string; [key: string]: unknown };\n  }\n}\n`,
    ts,
  );
  inlineTest(
    'a second config member goes',
    `interface Window {\n  ChatraID: string;\n  ChatraGroupID?: string;\n  ChatraIntegration: object;\n}\n`,
    `interface Window {\n  SvyazioConfig?: { orgId?: string; [key: string]: unknown };\n  SvyazioIntegration: object;\n}\n`,
    ts,
  );
  inlineTest(
    'existing SvyazioConfig member wins',
    `interface Window { SvyazioConfig?: object; ChatraID?: string }\n`,
    `interface Window { SvyazioConfig?: object; }\n`,
    ts,
  );
  inlineTest('declare const / var / function', `declare const Chatra: any;\ndeclare var ChatraSetup: object;\nChatra('openChat');\n`, `declare const Svyazio: any;\ndeclare var SvyazioSetup: object;\nSvyazio('openChat');\n`, ts);
  inlineTest('declare var ChatraID', `declare var ChatraID: string;\nconsole.log(ChatraID);\n`, `declare var SvyazioConfig: { orgId?: string; [key: string]: unknown };\nconsole.log((window.SvyazioConfig || {}).orgId);\n`, ts);
  inlineTest('declare global var in a module', `export {};\ndeclare global { var Chatra: Function; }\nChatra('hide');\n`, `export {};\ndeclare global { var Svyazio: Function; }\nSvyazio('hide');\n`, ts);
  untouchedTest('other interfaces and a type named like the global', `interface Settings { Chatra: boolean; ChatraID: string }\ninterface ChatraIntegration { name: string }\nexport const x: ChatraIntegration = { name: '' };\n`, ts);
});

describe('typings: Window & { … } casts', () => {
  const ts = { lang: 'ts' } as const;
  inlineTest(
    'an inline intersection type',
    `const w = window as Window & { ChatraID?: string; Chatra?: (...a: unknown[]) => void };\nw.ChatraID = id;\nw.Chatra?.('openChat');\n`,
    `const w = window as Window & { SvyazioConfig?: { orgId?: string; [key: string]: unknown }; Svyazio?: (...a: unknown[]) => void };\n(w.SvyazioConfig = w.SvyazioConfig || {}).orgId = id;\nw.Svyazio?.('openChat');\n`,
    ts,
  );
  inlineTest(
    'a type alias used through a cast',
    `type ChatraWindow = Window & { Chatra: (m: string) => void; ChatraSetup?: { startHidden?: boolean } };\nconst w = window as unknown as ChatraWindow;\nw.ChatraSetup = { startHidden: true };\nw.Chatra('openChat');\nexport {};\n`,
    `type ChatraWindow = Window & { Svyazio: (m: string) => void; SvyazioSetup?: { startHidden?: boolean } };\nconst w = window as unknown as ChatraWindow;\nw.SvyazioSetup = { startHidden: true };\nw.Svyazio('openChat');\nexport {};\n`,
    ts,
  );
  untouchedTest('a type literal that is not part of Window', `type Vendor = { Chatra: string };\nconst v: Vendor & { ChatraID: string } = x;\n`, ts);
  inlineTest(
    'declare var in a module becomes a global declaration, so window.SvyazioConfig is typed',
    `declare var ChatraID: string;\nexport function boot(id: string): void {\n  ChatraID = id;\n}\n`,
    `declare global { var SvyazioConfig: { orgId?: string; [key: string]: unknown }; }\nexport function boot(id: string): void {\n  (window.SvyazioConfig = window.SvyazioConfig || {}).orgId = id;\n}\n`,
    ts,
  );
});
