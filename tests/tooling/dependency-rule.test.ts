import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyTestFiles } from '../support/needs-services.ts';
import { REPO_ROOT } from '../support/shared.ts';

const eslint = new ESLint({ cwd: REPO_ROOT });
const problemsOf = async (filePath: string, code: string) => {
  const [result] = await eslint.lintText(code, { filePath: join(REPO_ROOT, filePath) });
  return (result?.messages ?? []).filter((message) => message.ruleId === '@typescript-eslint/no-restricted-imports');
};

/** The folders eslint.config.js names as adapters. */
const ADAPTER_FOLDERS = ['store', 'transport', 'providers', 'local', 'runtime', 'telemetry'];

const FORBIDDEN = [
  "import { SQSClient } from '@aws-sdk/client-sqs';",
  "import { Kafka } from 'kafkajs';",
  "import pg from 'pg';",
  "import Cursor from 'pg-cursor';",
  "import { PGlite } from '@electric-sql/pglite';",
  "import axios from 'axios';",
  "import { handler } from '../../functions/orders.ts';",
  "import { appContext } from '../runtime/app-context.ts';",
  "import { Logger } from '@aws-lambda-powertools/logger';",
  "import { Metrics } from '@aws-lambda-powertools/metrics';",
  "import { observed } from '../telemetry/lambda-telemetry.ts';",
];

/** The dependency rule `npm test` (and CI) runs through ESLint: the domain imports no infrastructure. */
describe('dependency rule', () => {
  it.each(FORBIDDEN)('a domain folder may not: %s', async (line) => {
    for (const folder of ['journey', 'recovery', 'feedback', 'dead-letters']) {
      expect(await problemsOf(`lib/${folder}/example.ts`, `${line}\nexport const used = [${line.match(/import \{? ?(\w+)/)?.[1]}];\n`)).toHaveLength(1);
    }
  });

  it('the adapter folders may, and the domain may name the context type', async () => {
    for (const folder of ADAPTER_FOLDERS) {
      expect(await problemsOf(`lib/${folder}/example.ts`, `${FORBIDDEN.slice(0, 6).join('\n')}\nexport const used = [SQSClient, Kafka, pg, Cursor, PGlite, axios];\n`)).toEqual([]);
    }
    expect(await problemsOf('lib/journey/example.ts', "import type { AppContext } from '../runtime/app-context.ts';\nexport type Used = AppContext;\n")).toEqual([]);
  });
});

describe('test projects', () => {
  const root = mkdtempSync(join(tmpdir(), 'afterglow-projects-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  it('a test needing a service, directly or through a helper, is integration; the rest are unit', () => {
    // Prepare
    write('tests/support/postgres.ts', 'export const createTestDatabase = () => null;\n');
    write('tests/support/helper.ts', "export { createTestDatabase } from './postgres.ts';\n");
    write('tests/support/pure.ts', 'export const two = 2;\n');
    write('tests/a/direct.test.ts', "import { createTestDatabase } from '../support/postgres.ts';\n");
    write('tests/a/indirect.test.ts', "import { createTestDatabase } from '../support/helper.ts';\n");
    write('tests/a/spawns.test.ts', "import { execFile } from 'node:child_process';\n");
    write('tests/b/pure.test.ts', "import { two } from '../support/pure.ts';\n");
    // Act
    const projects = classifyTestFiles(root);
    // Assess
    expect(projects).toEqual({ unit: ['tests/b/pure.test.ts'], integration: ['tests/a/direct.test.ts', 'tests/a/indirect.test.ts', 'tests/a/spawns.test.ts'] });
  });
});
