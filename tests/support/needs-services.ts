import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * Which test files need services (PostgreSQL, the Kafka mock, fauxqs, Chromium, a child process, a
 * local HTTP server): those that import, directly or through other test modules, one of the
 * support modules that start them, or start one themselves. The rest are the `unit` project
 * (`npm run test:unit`). Decided by reading the imports, so a new test lands in the right project
 * without a list to keep.
 */
const SERVICE_MODULES = [
  'tests/support/postgres.ts',
  'tests/support/kafka.ts',
  'tests/support/sqs.ts',
  'tests/support/browser.ts',
  'tests/support/child-app.ts',
  'tests/support/test-app.ts',
  'tests/support/test-context.ts',
  'tests/support/cli.ts',
  'tests/support/fake-http-server.ts',
];
/** Starting a service without the support modules: a database, a process, a queue, a server. */
const STARTS_A_SERVICE = /^import\s[^;]*?from '(?:node:child_process|fauxqs|@electric-sql\/pglite|pg|kafkajs|playwright-core|node:http)';|^import\s[^;]*\bcreateAppContext\b/m;
/** Static imports at the start of a line (not ones quoted inside a test's strings), and dynamic ones. */
const RELATIVE_IMPORT = /^(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'|\bawait import\('(\.{1,2}\/[^']+)'\)/gm;

const testFilesUnder = (root: string, folder: string): string[] =>
  readdirSync(join(root, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return testFilesUnder(root, path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });

export const classifyTestFiles = (root: string): { unit: string[]; integration: string[] } => {
  const verdicts = new Map<string, boolean>();
  const needsServices = (file: string, visiting: Set<string>): boolean => {
    const known = verdicts.get(file);
    if (known !== undefined) return known;
    if (SERVICE_MODULES.includes(file)) return true;
    if (visiting.has(file)) return false;
    visiting.add(file);
    let source: string;
    try {
      source = readFileSync(join(root, file), 'utf8');
    } catch {
      return false;
    }
    const imports = [...source.matchAll(RELATIVE_IMPORT)]
      .map((match) => relative(root, resolve(root, dirname(file), (match[1] ?? match[2]) as string)))
      .filter((path) => path.startsWith('tests/'));
    const verdict = STARTS_A_SERVICE.test(source) || imports.some((path) => needsServices(path, visiting));
    verdicts.set(file, verdict);
    return verdict;
  };
  const files = testFilesUnder(root, 'tests').sort();
  const integration = files.filter((file) => needsServices(file, new Set()));
  return { unit: files.filter((file) => !integration.includes(file)), integration };
};
