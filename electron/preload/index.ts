/**
 * The preload, bundled to one CommonJS file (build/app/preload.cjs): a sandboxed preload may
 * require only 'electron', so everything else is inlined.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createApi } from './api.js';
import { channelNames, eventNames } from './contract-names.js';

contextBridge.exposeInMainWorld('api', createApi({ ipcRenderer, webUtils, channels: channelNames, events: eventNames }));
