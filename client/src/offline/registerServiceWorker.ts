/**
 * The service worker keeps the app shell on the device, so a table page reloaded with no
 * network still opens. Browsers allow it only on https or localhost (design decision 6).
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return
  navigator.serviceWorker.register('/sw.js').catch(() => {
    // Without it the app still works online; offline reloads are what is lost.
  })
}
