import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSyntaxProblem } from '../../lib/json/json-syntax-problem.ts';
import { parseJsonLosslessly } from '../../lib/json/parse-json-losslessly.ts';

/** A reason for text that is not JSON names where, never what: it goes into dead letters and logs. */
const failureOf = (parse: (text: string) => unknown, text: string): unknown => {
  try {
    parse(text);
    return null;
  } catch (error) {
    return error;
  }
};

describe('what is wrong with text that is not JSON', () => {
  it('keeps none of the text that V8 quotes in its own message', () => {
    // Prepare: a customer's address where a value should be
    const error = failureOf(JSON.parse, 'ada.lovelace@example.com wrote this');
    expect(String((error as Error).message)).toContain('ada.love');
    // Act
    const problem = jsonSyntaxProblem(error);
    // Assess
    expect(problem).toBe('not JSON');
  });

  it('keeps the position where V8 gives one', () => {
    expect(jsonSyntaxProblem(failureOf(JSON.parse, '{"email":"ada@example.com"'))).toBe('not JSON (at position 26)');
  });

  it('property: for any text either parser refuses, the reason is one of two fixed forms, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        for (const parse of [JSON.parse, parseJsonLosslessly]) {
          const error = failureOf(parse, `{"comment":${text}`);
          if (error === null) continue;
          expect(jsonSyntaxProblem(error)).toMatch(/^not JSON( \(at position \d+\))?$/);
          if (parse === parseJsonLosslessly) expect((error as Error).message).toMatch(/^body is not valid JSON( \(at position \d+\))?$/);
        }
      }),
      { numRuns: 300 },
    );
  });
});
