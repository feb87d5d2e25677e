import { InvalidEnvironmentError } from '@app/core';
import { parseBehaviourPatch } from './behaviour';
import { sandboxSettingsFromEnvironment } from './sandbox-environment';
import { resolveSandboxSettings } from './sandbox-settings';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error.problems;
    throw error;
  }
  throw new Error('expected InvalidEnvironmentError');
}

describe('sandbox settings', () => {
  it('defaults: port 4010, sandbox/sandbox, a 5 s facial answer, tokens until the end of the Argentine day', () => {
    const settings = sandboxSettingsFromEnvironment({});
    expect(settings).toMatchObject({ port: 4010, host: '127.0.0.1', logLevel: 'info' });
    expect(settings.behaviour).toMatchObject({
      username: 'sandbox',
      password: 'sandbox',
      faceAnswerDelayMs: 5000,
      failureRate: 0,
      latencyMs: 0,
      tokenTtlSeconds: null,
      keyCase: 'registry',
    });
    expect(settings.peopleFile).toMatch(/apps\/renaper-sandbox\/fixtures\/people\.json$/);
  });

  it('reads typed values from the environment', () => {
    const settings = sandboxSettingsFromEnvironment({
      RENAPER_SANDBOX_PORT: '0',
      RENAPER_SANDBOX_FACE_DELAY_MS: '250',
      RENAPER_SANDBOX_FAILURE_RATE: '0.25',
      RENAPER_SANDBOX_TOKEN_TTL_SECONDS: '60',
      RENAPER_SANDBOX_KEY_CASE: 'upper',
      RENAPER_SANDBOX_ALLOWED_ADDRESSES: '10.0.0.1, 10.0.0.2',
    });
    expect(settings.port).toBe(0);
    expect(settings.behaviour).toMatchObject({
      faceAnswerDelayMs: 250,
      failureRate: 0.25,
      tokenTtlSeconds: 60,
      keyCase: 'upper',
      allowedAddresses: ['10.0.0.1', '10.0.0.2'],
    });
  });

  it('refuses to start on bad values, naming every bad variable', () => {
    const problems = problemsOf(() =>
      sandboxSettingsFromEnvironment({
        RENAPER_SANDBOX_PORT: 'http',
        RENAPER_SANDBOX_FAILURE_RATE: '2',
        RENAPER_SANDBOX_KEY_CASE: 'camel',
      }),
    );
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/RENAPER_SANDBOX_PORT="http"/);
    expect(problems.join('\n')).toMatch(/RENAPER_SANDBOX_FAILURE_RATE="2"/);
    expect(problems.join('\n')).toMatch(/RENAPER_SANDBOX_KEY_CASE="camel"/);
  });

  it('programmatic options are validated the same way; unknown ones are refused', () => {
    expect(problemsOf(() => resolveSandboxSettings({ latencyMs: -1, colour: 'blue' }))).toEqual([
      'colour: unknown option',
      'latencyMs=-1: an integer from 0 to 300000 expected',
    ]);
  });
});

describe('behaviour patches', () => {
  it('accept partial updates, including the run-time-only failure switches', () => {
    expect(parseBehaviourPatch({ failNextCalls: 2, failAllCalls: false, tokenTtlSeconds: null })).toEqual({
      patch: { failNextCalls: 2, failAllCalls: false, tokenTtlSeconds: null },
      problems: [],
    });
  });

  it('refuse a failure status that is not 429 or 5xx', () => {
    expect(parseBehaviourPatch({ failureStatus: 404 }).problems).toEqual(['failureStatus=404: 429 or a 5xx status expected']);
    expect(parseBehaviourPatch({ failureStatus: 429 }).patch).toEqual({ failureStatus: 429 });
  });

  it('refuse unknown keys and wrong types', () => {
    expect(parseBehaviourPatch({ keycase: 'upper', failAllCalls: 'maybe' }).problems).toEqual([
      'keycase: unknown setting',
      'failAllCalls="maybe": true or false expected',
    ]);
  });
});
