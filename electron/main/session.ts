/**
 * Session and webContents hardening (DESIGN principle 2: no network). Every request that is not
 * the app itself is cancelled, every permission denied, navigation, new windows, webviews and
 * downloads refused, and the spellchecker kept from fetching dictionaries.
 */
import type { OnBeforeRequestListenerDetails, Session, WebContents } from 'electron';
import { APP_HOST, APP_SCHEME, NO_DICTIONARY_URL } from './config.js';

/** The one question the request filter asks: is this the app itself (or an inline image)? */
export function isAllowedRequest(details: Pick<OnBeforeRequestListenerDetails, 'url' | 'resourceType'>): boolean {
  let url: URL;
  try {
    url = new URL(details.url);
  } catch {
    return false;
  }
  if (url.protocol === `${APP_SCHEME}:`) return url.host === APP_HOST;
  // CSP allows data: for images only; the filter says the same.
  if (url.protocol === 'data:') return details.resourceType === 'image';
  return false;
}

export function hardenSession(ses: Session): void {
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details) });
  });
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setSpellCheckerEnabled(false);
  ses.setSpellCheckerDictionaryDownloadURL(NO_DICTIONARY_URL);
  // Exports are written by the backend to a path the person chose; the page never downloads.
  ses.on('will-download', (event) => event.preventDefault());
}

/** Applied to every webContents the app creates (`app.on('web-contents-created')`). */
export function hardenWebContents(contents: WebContents): void {
  // The renderer is one page; main reloads it itself (reload/loadURL do not raise these events).
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
