/**
 * The HTML pages an emulator shows a browser (the sandbox issuer's and provider's pages, a host's
 * own error page): one minimal document, with text from records escaped.
 */
import type { EmulatorResponse } from '../../gateways/types.ts';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * `title` and `content` are markup: escape what comes from a request or a record before. Never
 * cached: each page stands for one step of one payment, as an issuer's or provider's page does.
 */
export function htmlPage(status: number, title: string, content: string): EmulatorResponse {
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head><body><main><h1>${title}</h1>${content}</main></body></html>`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }, body: page };
}
