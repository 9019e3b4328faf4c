import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from './shared.ts';

/** A saved sample of one contract version: `events/samples/<contract>.v<N>.json`. */
export interface ContractSample {
  readonly file: string;
  readonly contract: string;
  readonly version: number;
  readonly value: Record<string, unknown>;
}

const SAMPLES = resolve(REPO_ROOT, 'events/samples');

/** Every versioned sample in the folder, whoever added it: the contract tests run over all of them. */
export const contractSamples = (): ContractSample[] =>
  readdirSync(SAMPLES)
    .flatMap((file) => {
      const match = /^(?<contract>[a-z-]+)\.v(?<version>\d+)\.json$/.exec(file);
      return match?.groups ? [{ file, contract: match.groups.contract as string, version: Number(match.groups.version) }] : [];
    })
    .sort((a, b) => a.file.localeCompare(b.file))
    .map((sample) => ({ ...sample, value: JSON.parse(readFileSync(resolve(SAMPLES, sample.file), 'utf8')) as Record<string, unknown> }));
