import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The build configuration lives in build/ so that renderer/ holds only code that runs in the page.
const rendererRoot = fileURLToPath(new URL('../renderer/', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  // Relative asset URLs: the same bundle is served from app://console/ (Electron) and http://127.0.0.1:PORT/ (browser mode).
  base: './',
  // No React plugin is installed; Vite's own oxc transform compiles JSX for the automatic runtime.
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2023',
    // Inlined assets would need data: URLs in the CSP; every asset stays a file.
    assetsInlineLimit: 0,
  },
  server: { host: '127.0.0.1', strictPort: false },
});
