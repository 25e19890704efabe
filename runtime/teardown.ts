/**
 * Every listener a widget instance registers, and everything else it must undo
 * (its host element, its connection), goes through one of these, so `kill` and
 * `restart` undo all of it by running the list.
 */
export interface Teardown {
  on(target: EventTarget, type: string, fn: (e: any) => void, options?: AddEventListenerOptions | boolean): void;
  add(undo: () => void): void;
  run(): void;
}

export function createTeardown(): Teardown {
  let undos: Array<() => void> = [];
  const add = (undo: () => void) => {
    undos.push(undo);
  };
  return {
    add,
    on(target, type, fn, options) {
      target.addEventListener(type, fn, options);
      add(() => target.removeEventListener(type, fn, options));
    },
    run() {
      const list = undos;
      undos = [];
      // Undo in reverse so later registrations, which may depend on earlier ones, go first.
      for (let i = list.length - 1; i >= 0; i--) {
        try {
          list[i]();
        } catch {
          // One failing undo must not leave the rest registered.
        }
      }
    },
  };
}
