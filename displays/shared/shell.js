// The installable pages (watch, trainer tablet) keep their app shell in a service worker so they
// open with the network cut (then boot's banner says the engine is out of reach, and it keeps
// trying). The worker is registered as ./sw.js?v=<engine version from /api/client-config>, so a
// new engine version installs a new worker whose cache replaces the old one at the next load. (A
// watch registers it once it is paired and up: before that it has nothing to show offline.)

/**
 * Registers the page's service worker for the engine version in config (the client config boot
 * loaded); resolves with that version, or null where there is no offline shell. Pages call it once
 * they are up, so it costs no request of its own.
 */
export async function offlineShell(config) {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) {
    return null; // plain http on a LAN address: no offline shell, the page works as before
  }
  const version = String((config && (config.version || config.engineVersion)) || 'dev');
  try {
    await navigator.serviceWorker.register(`sw.js?v=${encodeURIComponent(version)}`, { scope: './' });
    return version;
  } catch (e) {
    console.warn('offline shell not installed:', e && e.message);
    return null;
  }
}
