/**
 * SVG text does not wrap or ellipsize, so labels are cut to the width they have. The average
 * glyph of the page's sans-serif font is about 0.58 em wide; a short count errs on the safe side.
 */

const AVERAGE_GLYPH_EM = 0.58;

export function fitText(text: string, widthPx: number, fontPx: number): string {
  const max = Math.floor(widthPx / (fontPx * AVERAGE_GLYPH_EM));
  if (text.length <= max) return text;
  if (max <= 1) return '';
  return `${text.slice(0, max - 1).trimEnd()}…`;
}
