import { extractFeatures, type FeatureSettings } from './features.ts';
import type { PolarityReading } from './polarity.ts';
import { linearScore, type LinearWeights } from './training.ts';
import type { TokenBuffer } from './tokenize.ts';
import { UNION_SLOT } from './vocabulary.ts';

/**
 * The trained model: a logistic regression over the hashed features plus a few dense inputs
 * (the lexicon reading and the language), stored as JSON with the weights quantised to 16 bits
 * and base64-encoded, so the artifact stays small and loads synchronously in a bundle.
 */
export const DENSE_FEATURES = ['lexicon_positive', 'lexicon_negative', 'language_en', 'language_id', 'language_other'] as const;

export interface ModelFile {
  format: 1;
  settings: FeatureSettings;
  bias: number;
  dense: number[];
  /** Hashed weights: little-endian int16 × `scale`, base64. */
  weights: string;
  scale: number;
  /** Logit above which a comment reads happy, below −`neutralBand` + threshold unhappy. */
  threshold: number;
  neutralBand: number;
  training: Record<string, unknown>;
}

export interface LoadedModel extends LinearWeights {
  settings: FeatureSettings;
  threshold: number;
  neutralBand: number;
}

/** The dense inputs of one comment, written into `out` (length DENSE_FEATURES.length). */
export function fillDense(reading: PolarityReading, slot: number, out: Float64Array): Float64Array {
  out[0] = Math.log1p(reading.positive);
  out[1] = Math.log1p(reading.negative);
  out[2] = slot === 0 ? 1 : 0;
  out[3] = slot === 4 ? 1 : 0;
  out[4] = slot === UNION_SLOT ? 1 : 0;
  return out;
}

export function encodeModel(model: LinearWeights, fields: Omit<ModelFile, 'format' | 'bias' | 'dense' | 'weights' | 'scale'>): ModelFile {
  let maxAbs = 0;
  for (const weight of model.weights) maxAbs = Math.max(maxAbs, Math.abs(weight));
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const bytes = new Uint8Array(model.weights.length * 2);
  const view = new DataView(bytes.buffer);
  model.weights.forEach((weight, index) => view.setInt16(index * 2, Math.round(weight / scale), true));
  return {
    format: 1,
    settings: fields.settings,
    bias: model.bias,
    dense: Array.from(model.dense),
    weights: Buffer.from(bytes).toString('base64'),
    scale,
    threshold: fields.threshold,
    neutralBand: fields.neutralBand,
    training: fields.training,
  };
}

export function decodeModel(file: ModelFile): LoadedModel {
  if (file.format !== 1) throw new Error(`unknown feedback model format ${String(file.format)}`);
  const bytes = Buffer.from(file.weights, 'base64');
  const size = 1 << file.settings.bits;
  if (bytes.length !== size * 2) throw new Error(`feedback model has ${bytes.length} weight bytes, expected ${size * 2}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const weights = new Float32Array(size);
  for (let index = 0; index < size; index++) weights[index] = view.getInt16(index * 2, true) * file.scale;
  if (file.dense.length !== DENSE_FEATURES.length) throw new Error('feedback model dense features do not match this code');
  return {
    weights,
    dense: Float64Array.from(file.dense),
    bias: file.bias,
    settings: file.settings,
    threshold: file.threshold,
    neutralBand: file.neutralBand,
  };
}

const dense = new Float64Array(DENSE_FEATURES.length);

/** Log-odds that the comment in `tokens` is from a happy customer. */
export function modelLogit(model: LoadedModel, tokens: TokenBuffer, slot: number, reading: PolarityReading): number {
  const features = extractFeatures(tokens, slot, model.settings);
  return linearScore(model, features.indices, features.values, features.count, fillDense(reading, slot, dense));
}
