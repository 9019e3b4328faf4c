import artifact from './sentiment-model.json' with { type: 'json' };
import { decodeModel } from './model.ts';
import { createModelScorer, type ModelScorer } from './model-scorer.ts';

/**
 * The committed model (`npm run train` writes sentiment-model.json). Imported as a JSON module,
 * not read from a path, so it loads synchronously and travels inside an esbuild bundle; unpacked
 * on first use, so commands that never classify do not pay for it.
 */
let scorer: ModelScorer | undefined;

export function trainedModelScorer(): ModelScorer {
  scorer ??= createModelScorer(decodeModel(artifact));
  return scorer;
}
