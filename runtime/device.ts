/** Phones and small touch screens get the full-screen window and the mobile-only rules. */
export function isMobileDevice(win: Window): boolean {
  if (/Mobi|Android|iPhone|iPod|Windows Phone/i.test(win.navigator.userAgent)) return true;
  return typeof win.matchMedia === 'function' && win.matchMedia('(max-width: 600px) and (pointer: coarse)').matches;
}
