/**
 * How the renderer bundle is served, for both ways of showing it: Electron's `app://console/`
 * protocol and browser mode's loopback server. It imports nothing from Electron so that browser
 * mode, which runs in plain Node, shares the exact same policy.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * The renderer is a Vite bundle of same-origin scripts and stylesheets; React applies inline
 * styles through the CSSOM, which `style-src` does not govern, so no 'unsafe-inline' is needed.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** Headers every served renderer file carries. */
export const RENDERER_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL path to a file inside `rootDir`, or null when the path is malformed or would leave
 * the folder. `/` means index.html.
 */
export function resolveRendererPath(rootDir: string, urlPathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  // Backslashes and NUL bytes have no business in a bundle path and are how traversal hides on Windows.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const candidate = path.resolve(root, relative);
  if (candidate !== root && !candidate.startsWith(root + path.sep)) return null;
  return candidate;
}

export interface RendererFile {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer | string;
}

/**
 * Reads the file a URL path names. A path without an extension that is not a file falls back to
 * index.html, so a reload on an in-app route still shows the app.
 */
export async function loadRendererFile(rootDir: string, urlPathname: string): Promise<RendererFile> {
  const filePath = resolveRendererPath(rootDir, urlPathname);
  if (filePath === null) return textResponse(400, 'Bad path');
  const found = (await isFile(filePath))
    ? filePath
    : path.extname(filePath) === '' && (await isFile(path.join(path.resolve(rootDir), 'index.html')))
      ? path.join(path.resolve(rootDir), 'index.html')
      : null;
  if (found === null) return textResponse(404, 'Not found');
  const body = await readFile(found);
  const contentType = contentTypeFor(found);
  return {
    status: 200,
    headers: {
      ...RENDERER_SECURITY_HEADERS,
      'Content-Type': contentType,
      // The HTML names the hashed bundle files; a cached copy would pin an old bundle after an update.
      'Cache-Control': contentType.startsWith('text/html') ? 'no-store' : 'no-cache',
    },
    body,
  };
}

function textResponse(status: number, message: string): RendererFile {
  return {
    status,
    headers: { ...RENDERER_SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    body: message,
  };
}

async function isFile(filePath: string): Promise<boolean> {
  try {
    return (await stat(filePath)).isFile();
  } catch {
    return false;
  }
}
