/**
 * The shell every email shares: a single-column, mobile-friendly HTML document with inline styles only (mail
 * clients drop <style> and block remote content; no images, no external resources) and the confidentiality
 * footer, in HTML and plain text. Callers pass already-escaped HTML fragments.
 */
import { esc } from './escape.js';

/** What every renderer returns, ready for SES v2 (Simple content: Subject, Body.Html, Body.Text). */
export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export const CONFIDENTIALITY_NOTICE =
  'CONFIDENTIAL — for law-enforcement use only. This message concerns NCMEC CyberTipline reports forwarded ' +
  'through NCRB. Do not forward it outside the investigating unit. No media is attached or linked.';

export const COLORS = { P1: '#b00020', P2: '#b35c00', P3: '#555555' } as const;

const FONT = 'font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.45;color:#1a1a1a;';

export const STYLE = {
  h1: 'font-size:20px;margin:0 0 12px;',
  h2: 'font-size:17px;margin:20px 0 8px;border-bottom:1px solid #dddddd;padding-bottom:4px;',
  p: 'margin:0 0 10px;',
  muted: 'color:#555555;font-size:13px;',
  item: 'border:1px solid #dddddd;border-radius:4px;padding:8px 12px;margin:0 0 10px;',
  list: 'margin:0 0 10px;padding-left:20px;',
  link: 'color:#0b57d0;word-break:break-all;',
  note: 'color:#8a4b00;font-size:14px;',
} as const;

/** A whole HTML email around an already-escaped body. */
export function htmlDocument(title: string, bodyHtml: string, notice = CONFIDENTIALITY_NOTICE): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f4f4f4;">',
    `<div style="max-width:640px;margin:0 auto;padding:16px;background:#ffffff;${FONT}">`,
    bodyHtml,
    `<p style="${STYLE.muted}margin:24px 0 0;border-top:1px solid #dddddd;padding-top:8px;">${esc(notice)}</p>`,
    '</div></body></html>',
    '',
  ].join('\n');
}

/** A link only for http(s) URLs; anything else is shown as text so no script URL can be clicked. */
export function htmlLink(url: string, label: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${esc(url)}" style="${STYLE.link}">${esc(label)}</a>` : esc(label);
}

/** The plain-text footer. */
export function textFooter(notice = CONFIDENTIALITY_NOTICE): string {
  return `--\n${notice}\n`;
}
