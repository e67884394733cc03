// Lint for src/ and tests/ (run by `npm test` through `npm run lint`). Folder layering (a folder of src/
// imports only folders below it in the flow) is checked by tests/architecture/layers.test.ts.
import js from '@eslint/js';
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'test-artifacts/', 'bench/', 'python/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'tests/**/*.ts'],
    plugins: { '@stylistic': stylistic },
    rules: {
      '@stylistic/max-len': ['error', { code: 160, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error'],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  // No function in src/ over 80 lines: a long function hides a flow that named pieces would show.
  { files: ['src/**/*.ts'], rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }] } },
  // Tests look for escape sequences in output on purpose, and say on the console why a browser test skips.
  { files: ['tests/**/*.ts'], rules: { 'no-control-regex': 'off', 'no-console': 'off' } },
  // Runs in the page, not in Node: the DOM and the charting library are untyped there, and the console is the page's.
  { files: ['src/html/draw-charts.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-console': 'off' } },
);
