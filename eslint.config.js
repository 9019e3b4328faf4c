// ESLint (flat config): @eslint/js and typescript-eslint's recommended rules, plus afterglow's
// dependency rule. Run by `npm test` (and so by CI) and by `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The dependency rule (DESIGN "Layout"): only the adapter folders may reach infrastructure. Every
 * other `lib/` folder is domain and stays free of the Lambda handlers, the runtime wiring, the AWS
 * SDKs, kafkajs, pg, PGlite and axios; adapters are passed in.
 */
export const ADAPTER_FOLDERS = ['store', 'transport', 'providers', 'local', 'runtime', 'telemetry'];

const INFRASTRUCTURE = [
  { group: ['@aws-sdk/*', 'aws-sdk', 'aws-sdk/*'], message: 'AWS SDKs belong in an adapter folder (lib/transport, lib/providers, …): take the adapter as a dependency.' },
  { group: ['@aws-lambda-powertools/*'], message: 'Powertools belongs in lib/telemetry: take a Logger or Metrics (lib/logger.ts, lib/metrics.ts) instead.' },
  { group: ['kafkajs'], message: 'kafkajs belongs in lib/transport: take an EventLog instead.' },
  { group: ['pg', 'pg-*', 'pg/*'], message: 'pg belongs in lib/store: take a repository or SqlExecutor instead.' },
  { group: ['@electric-sql/pglite', '@electric-sql/pglite/*'], message: 'PGlite belongs in lib/store.' },
  { group: ['axios', 'axios/*'], message: 'axios belongs in lib/providers: take a provider port instead.' },
  { group: ['**/functions/*', '**/functions'], message: 'lib/ never imports the Lambda handlers (functions/).' },
  // Types only are allowed: the AppContext interface names the adapters a caller is given, and is erased at build.
  { group: ['**/runtime/*', '**/runtime'], allowTypeImports: true, message: 'The runtime wiring (lib/runtime) is composed around the domain, never imported by it (types excepted).' },
  { group: ['**/telemetry/*', '**/telemetry'], allowTypeImports: true, message: 'lib/telemetry (Powertools) wraps the handlers; the domain logs and measures through lib/logger.ts and lib/metrics.ts.' },
];

export default tseslint.config(
  { ignores: ['node_modules/**', '.serverless/**', '.esbuild/**', '.afterglow/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: {
        process: 'readonly', Buffer: 'readonly', console: 'readonly', URL: 'readonly', URLSearchParams: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly',
        fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly',
        structuredClone: 'readonly', queueMicrotask: 'readonly', performance: 'readonly', Response: 'readonly', Request: 'readonly',
        Headers: 'readonly', crypto: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', globalThis: 'readonly',
        document: 'readonly', window: 'readonly', navigator: 'readonly', location: 'readonly', HTMLFormElement: 'readonly',
        HTMLInputElement: 'readonly', HTMLElement: 'readonly', FormData: 'readonly', Event: 'readonly',
      },
    },
    rules: {
      // `_`-prefixed names are deliberately unused (destructuring a field away, an ignored argument).
      // A warning, not an error: an unused name is untidy, never wrong, and must not fail a merge.
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Input sanitising matches NUL and control characters on purpose (lib/text): not a mistake here.
      'no-control-regex': 'off',
      // Tests and the CloudFormation reader handle untyped JSON; `any` there is a choice, not an accident.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['lib/**/*.ts'],
    ignores: ADAPTER_FOLDERS.map((folder) => `lib/${folder}/**`),
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: INFRASTRUCTURE }] },
  },
  {
    // CommonJS files read by osls (`${file(…)}` resolvers).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
