import * as z from 'zod';
import type { FeatureSettings } from './features.ts';
import type { PolarityReading } from './polarity.ts';
import type { LinearWeights } from './training.ts';

/**
 * The trained model as it is committed: a logistic regression over the hashed features plus a
 * few dense inputs, stored as JSON with the weights quantised to 16 bits and base64-encoded, so
 * the artifact stays small and loads synchronously, in a bundle too (trained-model.ts).
 */
export const DENSE_FEATURES = [
  'lexicon_positive',
  'lexicon_negative',
  'negated_words',
  'issues_found',
  'language_en',
  'language_id',
  'language_other',
] as const;

/** What the rules found in a comment that the model takes as dense inputs (a CommentAnalysis). */
export interface DenseSignals {
  reading: PolarityReading;
  language: string;
  /** Issue categories found (issues.ts). */
  issues: readonly unknown[];
}

/** The dense inputs of one comment, written into `out` (length DENSE_FEATURES.length). */
export function fillDense(signals: DenseSignals, out: Float64Array): Float64Array {
  const { reading, language } = signals;
  out[0] = Math.log1p(reading.positive);
  out[1] = Math.log1p(reading.negative);
  out[2] = Math.log1p(reading.negated);
  out[3] = Math.log1p(signals.issues.length);
  out[4] = language === 'en' ? 1 : 0;
  out[5] = language === 'id' ? 1 : 0;
  out[6] = language !== 'en' && language !== 'id' ? 1 : 0;
  return out;
}

const FeatureSettingsSchema = z.object({
  bits: z.number().int().min(8).max(24),
  charGramMin: z.number().int().min(0),
  charGramMax: z.number().int().min(0),
  charWeight: z.number(),
  bigrams: z.boolean(),
  contrastFactor: z.number(),
  negationScope: z.number().int().min(0),
});

export const ModelFileSchema = z.object({
  format: z.literal(1),
  settings: FeatureSettingsSchema,
  denseFeatures: z.array(z.string()),
  bias: z.number(),
  dense: z.array(z.number()),
  /** Hashed weights: little-endian int16 × `scale`, base64. */
  weights: z.string(),
  scale: z.number().positive(),
  /**
   * Fitted by the training script on the leave-one-domain-out readings (calibration.ts): the
   * temperature that turns the log-odds into a calibrated confidence (it never changes a side),
   * and the confidence below which a text-only reading is not trusted to route on.
   */
  calibration: z.object({ temperature: z.number().positive(), minimumConfidence: z.number().min(0).max(1) }).optional(),
  /** How it was trained and how it did on the validation slice (for people; the code ignores it). */
  training: z.record(z.string(), z.unknown()),
});
export type ModelFile = z.infer<typeof ModelFileSchema>;

/** The model as the classifier holds it: the weights stay 16-bit (half the memory, fewer cache misses). */
export interface LoadedModel {
  settings: FeatureSettings;
  bias: number;
  dense: Float64Array;
  /** Hashed weight i = quantised[i] × scale. */
  quantised: Int16Array;
  scale: number;
  calibration: Calibration;
}

export interface Calibration {
  temperature: number;
  minimumConfidence: number;
}

/** An artifact without a fitted calibration reads its log-odds as they are and trusts every reading. */
export const UNCALIBRATED: Calibration = { temperature: 1, minimumConfidence: 0 };

export function encodeModel(model: LinearWeights, settings: FeatureSettings, training: Record<string, unknown>, calibration?: Calibration): ModelFile {
  let maxAbs = 0;
  for (const weight of model.weights) maxAbs = Math.max(maxAbs, Math.abs(weight));
  const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
  const bytes = new Uint8Array(model.weights.length * 2);
  const view = new DataView(bytes.buffer);
  model.weights.forEach((weight, index) => view.setInt16(index * 2, Math.round(weight / scale), true));
  return {
    format: 1,
    settings,
    denseFeatures: [...DENSE_FEATURES],
    bias: model.bias,
    dense: Array.from(model.dense),
    weights: Buffer.from(bytes).toString('base64'),
    scale,
    ...(calibration ? { calibration } : {}),
    training,
  };
}

/** Checks the artifact against this code (its feature list, its size) and unpacks the weights. */
export function decodeModel(content: unknown): LoadedModel {
  const file = ModelFileSchema.parse(content);
  if (file.denseFeatures.join() !== DENSE_FEATURES.join() || file.dense.length !== DENSE_FEATURES.length) {
    throw new Error('the feedback model was trained with other dense features than this code computes: run npm run train');
  }
  const bytes = Buffer.from(file.weights, 'base64');
  const size = 1 << file.settings.bits;
  if (bytes.length !== size * 2) throw new Error(`feedback model has ${bytes.length} weight bytes, expected ${size * 2}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const quantised = new Int16Array(size);
  for (let index = 0; index < size; index++) quantised[index] = view.getInt16(index * 2, true);
  return { settings: file.settings, bias: file.bias, dense: Float64Array.from(file.dense), quantised, scale: file.scale, calibration: file.calibration ?? UNCALIBRATED };
}

/** The loaded model as plain weights, for `linearScore` (the reference the fast scorer is checked against). */
export function dequantise(model: LoadedModel): LinearWeights {
  return { weights: Float32Array.from(model.quantised, (value) => value * model.scale), dense: model.dense, bias: model.bias };
}
