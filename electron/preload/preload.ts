/**
 * The preload (bundled to dist-electron/preload.cjs). It runs sandboxed, where `require` knows only
 * 'electron' and a few polyfills, so everything else is inlined by the build.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { exposeConsoleApi } from './console-api.ts';

exposeConsoleApi(contextBridge, ipcRenderer);
