// The installable pages (watch, trainer tablet) keep their app shell in a service worker so they
// open with the network cut (then boot's banner says the engine is out of reach, and it keeps
// trying). The worker is registered as ./sw.js?v=<engine version from /api/client-config>, so a
// new engine version installs a new worker whose cache replaces the old one.

/** Registers the page's service worker; resolves with the version it was registered for, or null. */
export async function offlineShell() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) {
    return null; // plain http on a LAN address: no offline shell, the page works as before
  }
  let version = 'dev';
  try {
    const r = await fetch('/api/client-config', { cache: 'no-store' });
    const config = r.ok ? await r.json() : {};
    version = String(config.version || config.engineVersion || 'dev');
  } catch (e) {
    return null; // offline: the worker registered last time (if any) goes on serving the shell
  }
  try {
    await navigator.serviceWorker.register(`sw.js?v=${encodeURIComponent(version)}`, { scope: './' });
    return version;
  } catch (e) {
    console.warn('offline shell not installed:', e && e.message);
    return null;
  }
}
