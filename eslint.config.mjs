// @ts-check
import eslint from '@eslint/js';
import eslintConfigPrettier from 'eslint-config-prettier/flat';
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';

/** Import boundaries: apps use libs only through `@app/<lib>`; libs never import apps; face and audit stay apart. */
const boundaries = {
  'import/no-restricted-paths': [
    'error',
    {
      zones: [
        { target: './libs', from: './apps', message: 'libs never import apps' },
        { target: './libs/face', from: './libs/audit', message: 'face and audit do not import each other' },
        { target: './libs/audit', from: './libs/face', message: 'face and audit do not import each other' },
        {
          target: './libs/core',
          from: ['./libs/face', './libs/audit', './libs/storage', './libs/queue'],
          message: 'core depends on no other lib',
        },
        {
          target: './libs/document',
          from: ['./libs/audit', './libs/face', './libs/queue', './libs/renaper', './libs/storage', './libs/outbound'],
          message: 'document reads cards only: no database, queue, registry, storage or network',
        },
        { target: './libs/core', from: './libs/document', message: 'core depends on no other lib' },
        {
          target: ['./libs/core', './libs/audit', './libs/queue', './libs/storage', './libs/face', './libs/document'],
          from: './libs/session',
          message: 'the session lib composes the others; they do not depend on it',
        },
        { target: './apps/api', from: './apps/worker', message: 'apps do not import each other' },
        { target: './apps/worker', from: './apps/api', message: 'apps do not import each other' },
      ],
    },
  ],
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        { group: ['**/libs/*/src/**', '../../libs/**', '../../../libs/**'], message: 'import a lib through @app/<lib> (its index.ts)' },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'models/**', 'scripts/**', '*.js', '*.mjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    files: ['**/*.ts'],
    plugins: { import: importPlugin },
    rules: {
      ...boundaries,
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['bench/**/*.ts', 'test/**/*.ts', '**/*.spec.ts', '**/*.int-spec.ts', 'apps/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  // Last, so no formatting rule fights Prettier.
  eslintConfigPrettier,
);
