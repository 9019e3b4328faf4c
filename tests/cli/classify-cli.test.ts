import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';

/** `npx afterglow classify` as an operator pipes feedback through it. Needs no store or broker. */
describe('npx afterglow classify', () => {
  // A store or broker it must not touch: the command would fail if it tried.
  const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', KAFKA_BROKERS: '127.0.0.1:1' };

  it('answers every line in order, an error object for a malformed line, and exits 0', async () => {
    // Prepare
    const input = [
      JSON.stringify({ text: 'The glass arrived cracked', score: 9, scale: 'nps' }),
      '{"text": "broken json',
      '',
      JSON.stringify({ text: 'Très déçu, colis jamais arrivé', locale: 'fr-FR' }),
      JSON.stringify({ score: 11, scale: 'nps' }),
      JSON.stringify({ text: 'Works great, love it!' }),
      JSON.stringify(['not', 'an', 'object']),
      JSON.stringify({ score: 2, scale: 'csat' }),
    ].join('\n');
    // Act
    const result = await runCli(['classify'], env, `${input}\n`);
    // Assess
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(7);
    expect(lines[0]).toMatchObject({ sentiment: 'happy', issues: ['damaged'], recovery: true, language: 'en' });
    expect(lines[1]).toEqual({ error: 'not valid JSON' });
    expect(lines[2]).toMatchObject({ sentiment: 'unhappy', issues: ['lost_or_not_received'], recovery: true, language: 'fr' });
    expect(lines[3]).toEqual({ error: 'score: score 11 is outside the NPS scale (0–10)' });
    expect(lines[4]).toMatchObject({ sentiment: 'happy', issues: [], recovery: false });
    expect(Object.keys(lines[5] ?? {})).toEqual(['error']);
    expect(lines[6]).toMatchObject({ sentiment: 'unhappy', recovery: true, confidence: 0.9 });
    for (const line of [lines[0], lines[2], lines[4], lines[6]]) {
      expect(Object.keys(line ?? {})).toEqual(expect.arrayContaining(['sentiment', 'confidence', 'issues', 'recovery', 'confident', 'language', 'reasons']));
    }
    expect(result.stderr).toMatch(/line 2: not valid JSON/);
    expect(result.stderr).toMatch(/line 5: score/);
  });

  it('refuses a line with nothing to classify, and an unknown argument with exit 2', async () => {
    const empty = await runCli(['classify'], env, '{"txt": "typo in the field name"}\n');
    expect(empty.code).toBe(0);
    expect(JSON.parse(empty.stdout)).toEqual({ error: expect.stringMatching(/nothing to classify/) });
    const unknown = await runCli(['classify', '--model', 'x'], env, '');
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toMatch(/unexpected argument --model/);
  });

  it('is in the usage text', async () => {
    const help = await runCli(['help'], env);
    expect(help.stdout).toMatch(/classify\s+classify feedback: JSON lines/);
  });
});
