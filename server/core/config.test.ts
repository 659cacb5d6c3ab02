import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.js';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    readConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('readConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = readConfig({});
    expect(config.port).toBe(7420);
    expect(config.uiPort).toBe(7421);
    expect(config.uiHost).toBe('127.0.0.1');
    expect(config.maxParallelJobs).toBeNull();
    expect(config.emailNotifications).toBeNull();
    expect(config.dockerHost).toBeNull();
  });

  it('reads valid values and normalises them', () => {
    const config = readConfig({
      KOZMIC_PORT: ' 8080 ',
      KOZMIC_PUBLIC_URL: 'https://ci.example.test/',
      KOZMIC_UI_PUBLIC_URL: 'https://kozmic.example.test/',
      KOZMIC_MAX_PARALLEL_JOBS: '4',
      KOZMIC_LOG_LIMIT_MB: '10',
      KOZMIC_ENABLE_EMAIL_NOTIFICATIONS: 'yes',
      DOCKER_HOST: 'tcp://127.0.0.1:2375',
    });
    expect(config.port).toBe(8080);
    expect(config.publicUrl).toBe('https://ci.example.test');
    expect(config.uiPublicUrl).toBe('https://kozmic.example.test');
    expect(config.maxParallelJobs).toBe(4);
    expect(config.logLimitBytes).toBe(10 * 1024 * 1024);
    expect(config.emailNotifications).toBe(true);
    expect(config.dockerHost).toBe('tcp://127.0.0.1:2375');
  });

  it('reads the interface host names as a comma list, and refuses anything else', () => {
    expect(readConfig({}).uiAllowedHosts).toEqual([]);
    expect(
      readConfig({ KOZMIC_UI_ALLOWED_HOSTS: 'ci.example.com, 10.0.0.5:7421,[fd00::5]' }).uiAllowedHosts,
    ).toEqual(['ci.example.com', '10.0.0.5:7421', '[fd00::5]']);
    expect(() => readConfig({ KOZMIC_UI_ALLOWED_HOSTS: 'https://ci.example.com/' })).toThrow(
      /KOZMIC_UI_ALLOWED_HOSTS/,
    );
  });

  it('treats blank variables as unset', () => {
    expect(readConfig({ KOZMIC_PORT: '', KOZMIC_PUBLIC_URL: '  ' }).port).toBe(7420);
  });

  it.each([
    ['KOZMIC_PORT', 'http', /KOZMIC_PORT must be a whole number from 0 to 65535 \(got "http"\)/],
    ['KOZMIC_PORT', '70000', /KOZMIC_PORT must be a whole number/],
    ['KOZMIC_MAX_PARALLEL_JOBS', '0', /KOZMIC_MAX_PARALLEL_JOBS must be a whole number from 1 to 64/],
    ['KOZMIC_STALL_TIMEOUT', '1.5', /KOZMIC_STALL_TIMEOUT must be a whole number/],
    ['KOZMIC_PUBLIC_URL', 'ftp://x.test', /KOZMIC_PUBLIC_URL must be an http:\/\/ or https:\/\/ URL/],
    ['KOZMIC_UI_PUBLIC_URL', 'kozmic.example.test', /KOZMIC_UI_PUBLIC_URL must be an http:\/\/ or https:\/\/ URL/],
    ['KOZMIC_GITHUB_URL', 'not a url', /KOZMIC_GITHUB_URL must be an http:\/\/ or https:\/\/ URL/],
    ['KOZMIC_ENABLE_EMAIL_NOTIFICATIONS', 'maybe', /must be one of on\/off, true\/false, 1\/0, yes\/no/],
    [
      'DOCKER_HOST',
      '/var/run/docker.sock',
      /DOCKER_HOST must be a URL such as unix:\/\/\/var\/run\/docker.sock/,
    ],
    ['KOZMIC_UI_TOKEN', 'short', /KOZMIC_UI_TOKEN must be at least 16 characters/],
  ])('rejects %s=%s naming the variable and the accepted form', (name, value, message) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('never repeats the value of a variable that may hold a secret', () => {
    const problems = problemsOf({
      KOZMIC_SMTP_URL: 'http://mailer:hunter2@mail.example.test',
      KOZMIC_UI_TOKEN: 'short-secret',
      KOZMIC_TUNNEL: 'maybe',
    });
    expect(problems.join('\n')).not.toMatch(/hunter2|short-secret/);
    const about = (name: string) => problems.find((p) => p.startsWith(name)) ?? '';
    expect(about('KOZMIC_UI_TOKEN')).toContain('its value is not shown');
    expect(about('KOZMIC_SMTP_URL')).toContain('must be an smtp:// or smtps:// URL');
    expect(about('KOZMIC_TUNNEL')).toContain('(got "maybe")');
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({ KOZMIC_PORT: 'x', KOZMIC_JOB_TIMEOUT: '-1', DOCKER_HOST: 'nope' });
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'KOZMIC_PORT',
      'KOZMIC_JOB_TIMEOUT',
      'DOCKER_HOST',
    ]);
    expect(new ConfigError(problems).message).toContain('Kozmic cannot start');
  });
});
