/**
 * Calibration of the trained model's confidence, fitted on readings of domains it was not
 * trained on (the leave-one-domain-out readings, domain-holdout.ts): unseen customers are what
 * it must be honest about.
 *
 * - A temperature T scales the log-odds (confidence = sigmoid(T·|z|)); fitted by minimising the
 *   log loss. It never moves a reading across even odds, so `sentiment` stays the best reading.
 * - Expected calibration error: readings put in ten equal-width confidence bins, the gap between
 *   each bin's mean confidence and its share of right readings, weighted by the bin's size.
 * - The minimum confidence a text-only reading needs to route on: below it a reading is right
 *   too rarely to ask for a referral or open a recovery case on sentiment alone.
 */
export interface HeldOutReading {
  /** The model's log-odds of a happy customer. */
  logit: number;
  happy: boolean;
}

export interface ScoredReading {
  /** Confidence in the side the reading took (0.5–1). */
  confidence: number;
  correct: boolean;
}

/** Readings below this calibrated confidence are right less often than routing may act on. */
export const TARGET_MINIMUM_CONFIDENCE = 0.7;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function logLoss(readings: readonly HeldOutReading[], temperature: number): number {
  let loss = 0;
  for (const reading of readings) {
    const z = temperature * reading.logit * (reading.happy ? 1 : -1);
    loss += z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
  }
  return loss;
}

/** The temperature with the least log loss on `readings` (golden-section search over 0.05–5). */
export function fitTemperature(readings: readonly HeldOutReading[]): number {
  if (readings.length === 0) return 1;
  let low = 0.05;
  let high = 5;
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let step = 0; step < 60; step++) {
    const a = high - ratio * (high - low);
    const b = low + ratio * (high - low);
    if (logLoss(readings, a) <= logLoss(readings, b)) high = b;
    else low = a;
  }
  return Math.round(((low + high) / 2) * 10_000) / 10_000;
}

export function scored(readings: readonly HeldOutReading[], temperature: number): ScoredReading[] {
  return readings.map((reading) => {
    const happy = sigmoid(temperature * reading.logit);
    return { confidence: Math.max(happy, 1 - happy), correct: happy >= 0.5 === reading.happy };
  });
}

export function expectedCalibrationError(readings: readonly ScoredReading[], bins = 10): number {
  if (readings.length === 0) return 0;
  const count = new Float64Array(bins);
  const confidence = new Float64Array(bins);
  const correct = new Float64Array(bins);
  for (const reading of readings) {
    // Confidence is 0.5–1 for a two-sided reading; the bins cover 0–1 as the usual definition does.
    const bin = Math.min(bins - 1, Math.floor(reading.confidence * bins));
    count[bin] = (count[bin] ?? 0) + 1;
    confidence[bin] = (confidence[bin] ?? 0) + reading.confidence;
    correct[bin] = (correct[bin] ?? 0) + (reading.correct ? 1 : 0);
  }
  let error = 0;
  for (let bin = 0; bin < bins; bin++) {
    const n = count[bin] ?? 0;
    if (n > 0) error += (n / readings.length) * Math.abs((confidence[bin] ?? 0) / n - (correct[bin] ?? 0) / n);
  }
  return error;
}

/** Share of `readings` below `minimum`, and how often those were right. */
export function belowThreshold(readings: readonly ScoredReading[], minimum: number): { share: number; accuracy: number } {
  const below = readings.filter((reading) => reading.confidence < minimum);
  return {
    share: readings.length === 0 ? 0 : below.length / readings.length,
    accuracy: below.length === 0 ? 0 : below.filter((reading) => reading.correct).length / below.length,
  };
}
