/**
 * The non-JSON replies. Clients tell them apart by status and by text: the Python SDK looks for
 * `401 Unauthorized.` and `404 Not Found` in a body it cannot decode as JSON (element-api.md §1.2).
 */
import type { ServerResponse } from 'node:http';

const PAGES = {
  401: '401 Unauthorized.',
  404: '404 Not Found',
  405: '405 Method Not Allowed',
} as const;

export type PageStatus = keyof typeof PAGES;

function page(title: string, detail: string): string {
  return `<html><head><title>${title}</title></head><body><h1>${title}</h1><p>${detail}</p></body></html>\n`;
}

const DETAILS: Record<PageStatus, string> = {
  401: 'This server requires HTTP Basic authentication with a cluster admin account.',
  404: 'The Element API is served at POST /json-rpc/&lt;version&gt;.',
  405: 'Use POST.',
};

export function sendPage(res: ServerResponse, status: PageStatus, close: boolean): void {
  const body = Buffer.from(page(PAGES[status], DETAILS[status]), 'utf8');
  const headers: Record<string, string | number> = { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': body.length };
  if (status === 401) headers['WWW-Authenticate'] = 'Basic realm="SolidFire Element API"';
  if (status === 405) headers.Allow = 'POST';
  if (close) headers.Connection = 'close';
  res.writeHead(status, headers).end(body);
}

/** A JSON reply: 200 for every API answer (errors included), 413 for an oversized body. */
export function sendJson(res: ServerResponse, status: 200 | 413, text: string, close = false): void {
  const body = Buffer.from(text, 'utf8');
  const headers: Record<string, string | number> = { 'Content-Type': 'application/json', 'Content-Length': body.length };
  if (close) headers.Connection = 'close';
  res.writeHead(status, headers).end(body);
}
