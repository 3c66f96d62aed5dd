import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'inference/training/**', 'inference/models/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // A service may import only core, never another service.
    files: ['bot/**', 'inference/**', 'projector/**', 'etl/**', 'ui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@napominalka/bot', '@napominalka/inference', '@napominalka/projector', '@napominalka/etl', '@napominalka/ui'],
              message: 'services import only @napominalka/core',
            },
            { group: ['../../*/src/*', '../../../*/src/*'], message: 'services import only @napominalka/core' },
          ],
        },
      ],
    },
  },
);
