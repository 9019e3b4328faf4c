import { createRequire } from 'node:module';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { classifyFeedback } from '../lib/feedback/classify.ts';
import type { Sentiment } from '../lib/feedback/types.ts';

/**
 * The classifiers the benchmark compares, each reduced to "happy / neutral / unhappy" for one
 * comment, the way their documentation says to read them. devDependencies, used only here.
 */
export interface Contender {
  name: string;
  classify(text: string): Sentiment;
}

const require = createRequire(import.meta.url);

/** npm `sentiment` (AFINN-165): the sign of the summed word scores. */
function afinn(): Contender {
  const Sentiment = require('sentiment') as new () => { analyze(text: string): { score: number } };
  const analyser = new Sentiment();
  return { name: 'AFINN (sentiment)', classify: (text) => bySign(analyser.analyze(text).score) };
}

/** `vader-sentiment`: the compound score with its authors' thresholds (±0.05). */
function vader(): Contender {
  const { SentimentIntensityAnalyzer } = require('vader-sentiment') as {
    SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
  };
  return {
    name: 'VADER (vader-sentiment)',
    classify: (text) => {
      const { compound } = SentimentIntensityAnalyzer.polarity_scores(text);
      return compound >= 0.05 ? 'happy' : compound <= -0.05 ? 'unhappy' : 'neutral';
    },
  };
}

/** `wink-nlp` with `wink-eng-lite-web-model`, its pipeline cut to what sentiment needs. */
function wink(): Contender {
  const nlp = winkNLP(model, ['sbd', 'negation', 'sentiment']);
  const its = nlp.its;
  return { name: 'wink-nlp', classify: (text) => bySign(nlp.readDoc(text).out(its.sentiment) as number) };
}

function afterglow(): Contender {
  return { name: 'afterglow', classify: (text) => classifyFeedback({ comment: text }).sentiment };
}

const bySign = (value: number): Sentiment => (value > 0 ? 'happy' : value < 0 ? 'unhappy' : 'neutral');

/** afterglow first; AFINN is the speed baseline every ratio is taken against. */
export const createContenders = (): Contender[] => [afterglow(), afinn(), vader(), wink()];
export const BASELINE = 'AFINN (sentiment)';
