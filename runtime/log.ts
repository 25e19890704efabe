/** The widget's only way to complain: a console warning, never an exception into the page. */
export function warn(message: string): void {
  try {
    console.warn('[Svyazio] ' + message);
  } catch {
    // A page that replaced console with something broken still gets a working widget.
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
