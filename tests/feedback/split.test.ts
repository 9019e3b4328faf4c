import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFeedbackData } from '../../lib/feedback/datasets.ts';
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
});
