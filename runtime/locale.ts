/**
 * Interface strings in the four built-in languages, and the merge of a
 * language code, string overrides (flat Svyazio keys or Chatra's nested
 * objects) and the text settings (headerText, welcomeText, …) into one table.
 */
import { LANGUAGES, type Language } from './surface';

export interface Strings {
  /** Launcher's accessible name. */
  openChat: string;
  closeChat: string;
  /** Text on the tab-style launcher. */
  buttonText: string;
  headerTitle: string;
  onlineTitle: string;
  offlineTitle: string;
  welcomeText: string;
  offlineText: string;
  placeholder: string;
  send: string;
}

const TABLES: Record<Language, Strings> = {
  ru: {
    openChat: 'Открыть чат',
    closeChat: 'Закрыть чат',
    buttonText: 'Чат с нами',
    headerTitle: 'Чат с поддержкой',
    onlineTitle: 'Мы онлайн',
    offlineTitle: 'Сейчас никого нет',
    welcomeText: 'Здравствуйте! Чем можем помочь?',
    offlineText: 'Оставьте сообщение, и мы ответим, как только появимся.',
    placeholder: 'Введите сообщение…',
    send: 'Отправить',
  },
  en: {
    openChat: 'Open chat',
    closeChat: 'Close chat',
    buttonText: 'Chat with us',
    headerTitle: 'Support chat',
    onlineTitle: 'We are online',
    offlineTitle: 'We are offline',
    welcomeText: 'Hi! How can we help?',
    offlineText: "Leave a message and we'll get back to you.",
    placeholder: 'Type a message…',
    send: 'Send',
  },
  es: {
    openChat: 'Abrir chat',
    closeChat: 'Cerrar chat',
    buttonText: 'Chatea con nosotros',
    headerTitle: 'Chat de soporte',
    onlineTitle: 'Estamos en línea',
    offlineTitle: 'Estamos desconectados',
    welcomeText: '¡Hola! ¿En qué podemos ayudarte?',
    offlineText: 'Déjanos un mensaje y te responderemos pronto.',
    placeholder: 'Escribe un mensaje…',
    send: 'Enviar',
  },
  pt: {
    openChat: 'Abrir chat',
    closeChat: 'Fechar chat',
    buttonText: 'Fale conosco',
    headerTitle: 'Chat de suporte',
    onlineTitle: 'Estamos online',
    offlineTitle: 'Estamos offline',
    welcomeText: 'Olá! Como podemos ajudar?',
    offlineText: 'Deixe uma mensagem e responderemos em breve.',
    placeholder: 'Digite uma mensagem…',
    send: 'Enviar',
  },
};

/** Chatra's nested override paths that have a Svyazio equivalent. */
const CHATRA_PATHS: Record<string, keyof Strings> = {
  'chat.input.placeholder': 'placeholder',
  'chat.header.title': 'headerTitle',
  'button.text': 'buttonText',
};

export function isLanguage(v: unknown): v is Language {
  return (LANGUAGES as readonly unknown[]).includes(v);
}

/** A language from a code like 'pt-BR' or 'EN', or undefined. */
export function toLanguage(code: unknown): Language | undefined {
  if (typeof code !== 'string') return undefined;
  const short = code.slice(0, 2).toLowerCase();
  return isLanguage(short) ? short : undefined;
}

/** Flat string overrides out of a Svyazio flat object or a Chatra nested one. */
export function flattenOverrides(input: Record<string, unknown>): Partial<Strings> {
  const out: Partial<Strings> = {};
  const walk = (node: Record<string, unknown>, path: string) => {
    for (const [k, v] of Object.entries(node)) {
      const key = path ? path + '.' + k : k;
      if (typeof v === 'string') {
        const target = CHATRA_PATHS[key] ?? (k in TABLES.en && !path ? (k as keyof Strings) : undefined);
        if (target) out[target] = v;
      } else if (typeof v === 'object' && v !== null) walk(v as Record<string, unknown>, key);
    }
  };
  walk(input, '');
  return out;
}

export function buildStrings(language: Language, overrides: Partial<Strings>): Strings {
  return { ...TABLES[language], ...overrides };
}
