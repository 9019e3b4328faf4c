import { describe, expect, it } from 'vitest';
import { CONTRACTS, versionsOf, type ContractName } from '../../events/contracts.ts';
import { contractSamples } from '../support/contract-samples.ts';

const samples = contractSamples();

/**
 * Contracts survive a rolling deploy: for every contract, the saved samples of each version its
 * consumers accept parse, and consumers accept the current version and the one before it.
 * Generic over `events/samples/`: a new version's sample is checked as soon as it is saved.
 */
describe('contract versions', () => {
  it('every versioned sample names a known contract', () => {
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) expect(Object.keys(CONTRACTS)).toContain(sample.contract);
  });

  it.each(samples.map((sample) => [sample.file, sample] as const))('%s parses with its contract, as the version its name says', (_file, sample) => {
    const parsed = CONTRACTS[sample.contract as ContractName].safeParse(sample.value);
    expect(parsed.error).toBeUndefined();
    expect((parsed.data as { version: number }).version).toBe(sample.version);
  });

  it.each(Object.entries(CONTRACTS))('%s: consumers accept the current version and the previous one, each with a saved sample', (name, schema) => {
    const accepted = versionsOf(schema);
    const current = Math.max(...accepted);
    expect(accepted).toContain(current);
    if (current > 1) expect(accepted).toContain(current - 1);
    const saved = samples.filter((sample) => sample.contract === name).map((sample) => sample.version);
    for (const version of accepted) expect(saved, `events/samples/${name}.v${version}.json`).toContain(version);
  });

  it.each(Object.entries(CONTRACTS))('%s: a version no consumer knows yet is refused, not misread', (name, schema) => {
    const newest = samples.filter((sample) => sample.contract === name).at(-1);
    expect(schema.safeParse({ ...newest?.value, version: Math.max(...versionsOf(schema)) + 1 }).success).toBe(false);
  });
});
