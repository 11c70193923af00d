// The trainer page's offline app shell (see ../shared/shell-worker.js, which adds the shared modules,
// styles and MQTT.js); registered by ../shared/shell.js.
self.LIMBER_SHELL = [
  './',
  './trainer.js',
  './admin.js',
  './sound-controls.js',
  './trainer.css',
  './manifest.webmanifest',
  './icon-192.png',
  './icon-512.png',
  './icon-maskable-512.png',
];
importScripts('../shared/shell-worker.js');
