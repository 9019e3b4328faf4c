import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFeedbackData, sourceOf } from '../../lib/feedback/datasets.ts';
import { pairSummaries } from '../../lib/feedback/summary-pairing.ts';
import { buildTrainingSet } from '../../lib/feedback/training-set.ts';
import { SETTINGS } from '../../lib/feedback/training-recipe.ts';
import { isValidation, splitKey, splitOf } from '../../lib/feedback/split.ts';
import { SHARED_DIR } from '../support/shared.ts';

/** Issue 4, item 3: one committed rule splits every labelled row into train and test. */
describe('train/test split', () => {
  it('is a function of the normalised comment alone: same answer every time, whatever the spacing or case', () => {
    // Prepare
    const comments = Array.from({ length: 400 }, (_, index) => `Comment number ${index}, written for this test.`);
    // Act
    const first = comments.map(splitOf);
    const second = comments.map(splitOf);
    const respaced = comments.map((comment) => splitOf(`  ${comment.toUpperCase().replace(/ /g, '   ')} `));
    // Assess
    expect(second).toEqual(first);
    expect(respaced).toEqual(first);
    expect(splitKey('  Hello\n  World ')).toBe('hello world');
    const testShare = first.filter((part) => part === 'test').length / comments.length;
    expect(testShare).toBeGreaterThan(0.18);
    expect(testShare).toBeLessThan(0.32);
  });

  it('never puts a validation row in the test part', () => {
    for (let index = 0; index < 2000; index++) {
      const comment = `row ${index}`;
      if (isValidation(comment)) expect(splitOf(comment)).toBe('train');
    }
  });

  it('keeps train and test disjoint in every labelled file, duplicates included', () => {
    // Act
    const { rows, files } = loadFeedbackData(resolve(SHARED_DIR, 'data/feedback'));
    // Assess
    expect(files.length).toBeGreaterThanOrEqual(4);
    const train = new Set(rows.filter((row) => row.part === 'train').map((row) => splitKey(row.text)));
    const test = rows.filter((row) => row.part === 'test');
    expect(test.length).toBeGreaterThan(rows.length / 5);
    expect(test.filter((row) => train.has(splitKey(row.text)))).toEqual([]);
    for (const file of files) expect(test.some((row) => row.file === file), file).toBe(true);
  });

  it('reads every file of the data folder, one source per review body and its summaries', () => {
    // Act
    const { rows, skipped } = loadFeedbackData(resolve(SHARED_DIR, 'data/feedback'));
    // Assess
    expect(skipped.filter((name) => name !== 'lexicons')).toEqual([]);
    expect(sourceOf('amazon_fine_food_review_summaries_extra_en.csv')).toBe(sourceOf('amazon_fine_food_reviews_en.csv'));
    const sources = new Set(rows.map((row) => row.source));
    expect(sources.size).toBe(7);
    expect(rows.filter((row) => row.source === 'cfpb_complaint_narratives').every((row) => row.label === 'unhappy')).toBe(true);
    expect(new Set(rows.filter((row) => row.source === 'booking_hotel_reviews_verbatims').map((row) => row.label))).toEqual(new Set(['happy', 'unhappy']));
  });

  it('pairs each summary with its review, in order, by rating and shared words, when rows are missing', () => {
    // Prepare
    const bodies = [
      { text: 'The tea was fragrant and fresh', rating: 5 },
      { text: 'Arrived stale and crushed', rating: 1 },
      { text: 'My dog loves these chews', rating: 5 },
      { text: 'Too salty for my taste', rating: 2 },
    ];
    const summaries = [
      { text: 'Fragrant tea', rating: 5 },
      { text: 'Dog loves them', rating: 5 },
      { text: 'Salty', rating: 2 },
    ];
    // Act
    const pairs = pairSummaries(bodies, summaries);
    // Assess
    expect(pairs).toEqual([0, 2, 3]);
  });

  it('keeps a summary on its review’s side of the split', () => {
    // Act
    const { rows } = loadFeedbackData(resolve(SHARED_DIR, 'data/feedback'));
    // Assess: most summaries would land elsewhere by their own hash one time in four.
    const summaries = rows.filter((row) => row.summary);
    expect(summaries.length).toBeGreaterThan(4000);
    const ownSide = summaries.filter((row) => splitOf(row.text) === row.part).length / summaries.length;
    expect(ownSide).toBeLessThan(0.8);
  });

  it('never trains on the movie control, and weighs every source alike whatever its size', () => {
    // Prepare
    const row = (source: string, text: string, label: 'happy' | 'unhappy', domain: 'customer' | 'control' = 'customer') =>
      ({ file: `${source}.csv`, domain, source, language: 'en' as const, text, label, part: 'train' as const, validation: false });
    const rows = [
      ...Array.from({ length: 30 }, (_, index) => row('big', `big happy ${index}`, 'happy')),
      row('big', 'big unhappy', 'unhappy'),
      row('small', 'small happy', 'happy'),
      row('small', 'small unhappy', 'unhappy'),
      row('movies', 'a fine film', 'happy', 'control'),
    ];
    // Act
    const examples = buildTrainingSet(rows, [], { settings: SETTINGS, titleWeight: 0, priorWeight: 0, negatedPriorShare: 0 });
    // Assess
    expect(examples).toHaveLength(rows.length - 1);
    const mass = (from: number, to: number) => examples.slice(from, to).reduce((sum, example) => sum + example.weight, 0);
    expect(mass(0, 30)).toBeCloseTo(mass(30, 31), 6);
    expect(mass(0, 30)).toBeCloseTo(mass(31, 32), 6);
  });
});
