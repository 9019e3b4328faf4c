import { seededRandom, shuffleInPlace } from './random.ts';

/**
 * Logistic regression over the hashed features, trained by AdaGrad with L2 regularisation.
 * AdaGrad gives rare words (most of a review's vocabulary) larger steps than frequent ones,
 * which suits sparse text features; a seeded shuffle makes every run produce the same weights.
 */
export interface TrainingExample {
  indices: Int32Array;
  values: Float32Array;
  dense: Float64Array;
  /** 1 = happy, 0 = unhappy. */
  label: 0 | 1;
  /** Balances classes and sources (see the training script). */
  weight: number;
}

export interface TrainingOptions {
  bits: number;
  denseSize: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export interface LinearWeights {
  weights: Float32Array;
  dense: Float64Array;
  bias: number;
}

export function linearScore(model: LinearWeights, indices: Int32Array, values: Float32Array, count: number, dense: Float64Array): number {
  let z = model.bias;
  const weights = model.weights;
  for (let j = 0; j < count; j++) z += (weights[indices[j] ?? 0] ?? 0) * (values[j] ?? 0);
  for (let j = 0; j < dense.length; j++) z += (model.dense[j] ?? 0) * (dense[j] ?? 0);
  return z;
}

export function trainLogistic(examples: readonly TrainingExample[], options: TrainingOptions): LinearWeights {
  const model: LinearWeights = {
    weights: new Float32Array(1 << options.bits),
    dense: new Float64Array(options.denseSize),
    bias: 0,
  };
  const squares = new Float32Array(1 << options.bits);
  const denseSquares = new Float64Array(options.denseSize);
  let biasSquare = 0;
  const { learningRate, l2 } = options;
  const random = seededRandom(options.seed);
  const order = examples.map((_, index) => index);
  const { weights, dense } = model;

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (const index of order) {
      const example = examples[index];
      if (!example) continue;
      const { indices, values } = example;
      const z = linearScore(model, indices, values, indices.length, example.dense);
      const gradient = (1 / (1 + Math.exp(-z)) - example.label) * example.weight;
      for (let j = 0; j < indices.length; j++) {
        const bucket = indices[j] ?? 0;
        const w = weights[bucket] ?? 0;
        const g = gradient * (values[j] ?? 0) + l2 * w;
        const sq = (squares[bucket] ?? 0) + g * g;
        squares[bucket] = sq;
        weights[bucket] = w - (learningRate * g) / Math.sqrt(sq + 1e-8);
      }
      for (let j = 0; j < dense.length; j++) {
        const g = gradient * (example.dense[j] ?? 0);
        if (g === 0) continue;
        const sq = (denseSquares[j] ?? 0) + g * g;
        denseSquares[j] = sq;
        dense[j] = (dense[j] ?? 0) - (learningRate * g) / Math.sqrt(sq);
      }
      biasSquare += gradient * gradient;
      if (biasSquare > 0) model.bias -= (learningRate * gradient) / Math.sqrt(biasSquare);
    }
  }
  return model;
}
