/**
 * WCAG 2.x contrast (pure): the relative luminance of an sRGB colour and the ratio of two.
 * AA asks 4.5:1 for normal text; an accent colour is the background of white button text and the
 * colour of links on white, so it must reach 4.5:1 against white both ways.
 */
export const AA_NORMAL_TEXT = 4.5;
export const WHITE = '#ffffff';

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** `#ABC` or `#AABBCC` → `#aabbcc`; null for anything else. */
export const normaliseHex = (colour: string): string | null => {
  const match = HEX.exec(colour.trim());
  if (!match?.[1]) return null;
  const digits = match[1].length === 3 ? [...match[1]].map((digit) => digit + digit).join('') : match[1];
  return `#${digits.toLowerCase()}`;
};

const channels = (hex: string): [number, number, number] => {
  const value = normaliseHex(hex);
  if (!value) throw new Error(`not a colour: ${hex}`);
  return [1, 3, 5].map((start) => Number.parseInt(value.slice(start, start + 2), 16)) as [number, number, number];
};

/** WCAG's relative luminance: each sRGB channel linearised, weighted 0.2126 / 0.7152 / 0.0722. */
export const relativeLuminance = (hex: string): number => {
  const [r, g, b] = channels(hex).map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

/** (L1 + 0.05) / (L2 + 0.05), the lighter over the darker: from 1 (same) to 21 (black on white). */
export const contrastRatio = (first: string, second: string): number => {
  const [lighter, darker] = [relativeLuminance(first), relativeLuminance(second)].sort((a, b) => b - a) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
};

const toHex = (rgb: readonly number[]): string => `#${rgb.map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;

/**
 * The lightest darker shade of the colour (same hue, every channel scaled down alike) that reaches
 * `ratio` against white: what to suggest when a brand colour is too light for white text.
 */
export const nearestPassingShade = (hex: string, ratio = AA_NORMAL_TEXT): string => {
  const rgb = channels(hex);
  for (let factor = 1; factor > 0; factor -= 0.01) {
    const shade = toHex(rgb.map((channel) => Math.floor(channel * factor)));
    if (contrastRatio(shade, WHITE) >= ratio) return shade;
  }
  return '#000000';
};

/** Why the colour cannot carry white text and links on white, with the shade that could; null when it passes. */
export const accentProblem = (hex: string): string | null => {
  const ratio = contrastRatio(hex, WHITE);
  if (ratio >= AA_NORMAL_TEXT) return null;
  return (
    `${hex} against white is ${ratio.toFixed(2)}:1, below WCAG AA's ${AA_NORMAL_TEXT}:1 for button text and links; ` +
    `the nearest shade that passes is ${nearestPassingShade(hex)} (set that, or a darker colour)`
  );
};
