import { describe, expect, it } from 'vitest';
import { childEnvironment, isCredentialName } from '../../src/secrets/child-environment.js';

describe('isCredentialName', () => {
  it.each([
    'ZAI_API_KEY',
    'OPENAI_API_KEY',
    'ANTHROPIC_APIKEY',
    'GITHUB_TOKEN',
    'GH_TOKEN',
    'NPM_TOKEN',
    'NODE_AUTH_TOKEN',
    'npm_config__authToken',
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'AZURE_CLIENT_SECRET',
    'AZURE_CLIENT_CERTIFICATE_PASSWORD',
    'AZURE_STORAGE_KEY',
    'AZURE_STORAGE_CONNECTION_STRING',
    'DOCKER_PASSWORD',
    'PGPASSWORD',
    'MYSQL_PWD',
    'SSH_AUTH_SOCK',
    'STRIPE_SECRET_KEY',
    'DEPLOY_PRIVATE_KEY',
    'GPG_PASSPHRASE',
    'SECRET',
    'TOKEN',
  ])('%s is a credential', (name) => {
    expect(isCredentialName(name)).toBe(true);
  });

  it.each([
    'PATH',
    'HOME',
    'TOKENIZERS_PARALLELISM',
    'KEYBOARD_LAYOUT',
    'AWS_REGION',
    'AWS_PROFILE',
    'CI',
    'LANG',
    'NODE_OPTIONS',
    'GIT_AUTHOR_NAME',
    'KEY_REPEAT',
  ])('%s is not a credential', (name) => {
    expect(isCredentialName(name)).toBe(false);
  });
});

describe('childEnvironment', () => {
  const base = {
    PATH: '/usr/bin',
    HOME: '/home/user',
    ZAI_API_KEY: 'zai-key-value-123456',
    MY_PROVIDER_KEY_VAR: 'provider-value-987654',
    CUSTOM_CONFIG: 'custom-secret-value',
    GITHUB_TOKEN: 'ghp_abcdefghijklmnop',
    AWS_SECRET_ACCESS_KEY: 'aws/secret+value',
    AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE1',
    SHORT_TOKEN: 'abc',
    UNSET: undefined,
  };

  it('removes the provider key, the named secrets and the credential variables', () => {
    const { env } = childEnvironment({ base, secretEnv: ['MY_PROVIDER_KEY_VAR', 'CUSTOM_CONFIG'] });
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/user' });
  });

  it('returns every secret value of useful length, longest first', () => {
    const { secrets } = childEnvironment({ base, secretEnv: ['MY_PROVIDER_KEY_VAR', 'CUSTOM_CONFIG'] });
    expect(secrets).toEqual([
      'provider-value-987654',
      'zai-key-value-123456',
      'ghp_abcdefghijklmnop',
      'custom-secret-value',
      'aws/secret+value',
      'AKIAEXAMPLE1',
    ]);
  });

  it('passes listed credential variables through (exact or prefix) but never the named secrets', () => {
    const { env, secrets } = childEnvironment({
      base,
      secretEnv: ['MY_PROVIDER_KEY_VAR'],
      passEnv: ['GITHUB_TOKEN', 'AWS_*', 'MY_PROVIDER_KEY_VAR', 'ZAI_API_KEY'],
    });
    expect(env.GITHUB_TOKEN).toBe('ghp_abcdefghijklmnop');
    expect(env.AWS_SECRET_ACCESS_KEY).toBe('aws/secret+value');
    expect(env.AWS_ACCESS_KEY_ID).toBe('AKIAEXAMPLE1');
    expect(env.MY_PROVIDER_KEY_VAR).toBeUndefined();
    expect(env.ZAI_API_KEY).toBeUndefined();
    // Passed through, still scrubbed from output.
    expect(secrets).toContain('ghp_abcdefghijklmnop');
  });

  it('sets extra variables on top', () => {
    const { env } = childEnvironment({ base: { PATH: '/bin', NPM_TOKEN: 'x'.repeat(20) }, set: { CI: '1' } });
    expect(env).toEqual({ PATH: '/bin', CI: '1' });
  });

  it('starts from process.env by default', () => {
    process.env.WRIGHT_TEST_CHILD_TOKEN = 'token-from-process-env';
    try {
      const { env, secrets } = childEnvironment();
      expect(env.WRIGHT_TEST_CHILD_TOKEN).toBeUndefined();
      expect(env.PATH).toBe(process.env.PATH);
      expect(secrets).toContain('token-from-process-env');
    } finally {
      delete process.env.WRIGHT_TEST_CHILD_TOKEN;
    }
  });
});
