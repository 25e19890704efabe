/** localStorage behind a guard: private modes and sandboxed frames throw on access. */
export interface Store {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

export function localStore(win: Window): Store {
  const ls = (): Storage | null => {
    try {
      return win.localStorage;
    } catch {
      return null;
    }
  };
  return {
    get(key) {
      try {
        return ls()?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        ls()?.setItem(key, value);
      } catch {
        // Quota or privacy mode: the widget works without persistence.
      }
    },
  };
}

export function memoryStore(): Store {
  const map = new Map<string, string>();
  return {
    get: (key) => map.get(key) ?? null,
    set: (key, value) => void map.set(key, value),
  };
}
