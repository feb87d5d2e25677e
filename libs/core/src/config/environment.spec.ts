import { InvalidEnvironmentError, loadEnvironment } from './environment';

describe('loadEnvironment', () => {
  it('applies the documented defaults', () => {
    const env = loadEnvironment({});
    expect(env).toMatchObject({
      PORT: 3000,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/kyc',
      REDIS_URL: 'redis://127.0.0.1:6379',
      FACE_WORKERS: 2,
      FACE_FLIP_AUGMENT: true,
      LOG_LEVEL: 'info',
    });
  });

  it('converts numbers and booleans from strings', () => {
    const env = loadEnvironment({
      PORT: '8080',
      FACE_WORKERS: '3',
      FACE_FLIP_AUGMENT: 'false',
      DATABASE_MIGRATE_ON_START: '0',
      FACE_MIN_QUALITY_CONFIDENCE: '0.5',
    });
    expect(env.PORT).toBe(8080);
    expect(env.FACE_WORKERS).toBe(3);
    expect(env.FACE_FLIP_AUGMENT).toBe(false);
    expect(env.DATABASE_MIGRATE_ON_START).toBe(false);
    expect(env.FACE_MIN_QUALITY_CONFIDENCE).toBe(0.5);
  });

  it('trusts no proxy by default and reads TRUST_PROXY as a hop count or a list of addresses', () => {
    expect(loadEnvironment({}).TRUST_PROXY).toBe(false);
    expect(loadEnvironment({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadEnvironment({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '127.0.0.1']);
    for (const bad of ['true', 'proxy.internal', '10.0.0.0/40']) {
      expect(() => loadEnvironment({ TRUST_PROXY: bad })).toThrow(`TRUST_PROXY="${bad}"`);
    }
  });

  it('has generous rate limit defaults and refuses a zero limit', () => {
    expect(loadEnvironment({})).toMatchObject({
      RATE_LIMIT_REQUESTS_PER_MINUTE: 600,
      HOSTED_RATE_LIMIT_PER_IP_PER_MINUTE: 300,
      HOSTED_RATE_LIMIT_PER_TOKEN_PER_MINUTE: 30,
    });
    expect(() => loadEnvironment({ RATE_LIMIT_REQUESTS_PER_MINUTE: '0' })).toThrow('RATE_LIMIT_REQUESTS_PER_MINUTE="0"');
  });

  it('refuses invalid values and names every one', () => {
    let error: unknown;
    try {
      loadEnvironment({ PORT: 'eighty', FACE_WORKERS: '0', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', FACE_FLIP_AUGMENT: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    const message = (error as Error).message;
    for (const name of ['PORT="eighty"', 'FACE_WORKERS="0"', 'DATABASE_URL="mysql://x"', 'LOG_LEVEL="loud"', 'FACE_FLIP_AUGMENT="maybe"']) {
      expect(message).toContain(name);
    }
  });

  it('leaves webhook attempts and backoff to the job policy unless set, and bounds them', () => {
    const defaults = loadEnvironment({});
    expect(defaults.WEBHOOK_TIMEOUT_MS).toBe(10_000);
    expect(defaults.WEBHOOK_MAX_ATTEMPTS).toBeUndefined();
    expect(defaults.WEBHOOK_BACKOFF_MS).toBeUndefined();
    expect(loadEnvironment({ WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_BACKOFF_MS: '150' })).toMatchObject({
      WEBHOOK_MAX_ATTEMPTS: 3,
      WEBHOOK_BACKOFF_MS: 150,
    });
    expect(() => loadEnvironment({ WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(/WEBHOOK_MAX_ATTEMPTS/);
  });

  it("takes a dead worker's jobs over after 30 s locks by default, and bounds the lock to 2..600 s", () => {
    expect(loadEnvironment({}).WORKER_JOB_LOCK_SECONDS).toBe(30);
    expect(loadEnvironment({ WORKER_JOB_LOCK_SECONDS: '3' }).WORKER_JOB_LOCK_SECONDS).toBe(3);
    // A shorter lock runs out whenever a worker's event loop is busy that long, and its job would run twice.
    for (const bad of ['1', '601', '2.5']) {
      expect(() => loadEnvironment({ WORKER_JOB_LOCK_SECONDS: bad })).toThrow(`WORKER_JOB_LOCK_SECONDS="${bad}"`);
    }
  });

  it('refuses STORAGE_PROVIDER=s3 without a bucket or credentials, naming each', () => {
    expect(loadEnvironment({}).STORAGE_PROVIDER).toBe('local');
    expect(() => loadEnvironment({ STORAGE_PROVIDER: 's3', S3_ACCESS_KEY_ID: 'id' })).toThrow(
      /S3_BUCKET: required when STORAGE_PROVIDER=s3[\s\S]*S3_SECRET_ACCESS_KEY: required/,
    );
    expect(() => loadEnvironment({ STORAGE_PROVIDER: 'gcs' })).toThrow(/STORAGE_PROVIDER must be local or s3/);
    expect(() => loadEnvironment({ S3_ENDPOINT: 'minio:9000', S3_SECRET_ACCESS_KEY: 'hunter2', S3_MAX_ATTEMPTS: '0' })).toThrow(
      /S3_ENDPOINT must be an http\(s\) URL/,
    );
    const env = loadEnvironment({
      STORAGE_PROVIDER: 's3',
      S3_BUCKET: 'kyc-images',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_ENDPOINT: 'http://minio:9000',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(env).toMatchObject({
      STORAGE_PROVIDER: 's3',
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: true,
      S3_REQUEST_TIMEOUT_MS: 10000,
      S3_MAX_ATTEMPTS: 3,
    });
  });
});

describe('outbound egress settings', () => {
  it('allows private networks by default outside production and refuses them in production', () => {
    expect(loadEnvironment({}).OUTBOUND_ALLOW_PRIVATE_NETWORKS).toBeUndefined();
    expect(loadEnvironment({ OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'off' }).OUTBOUND_ALLOW_PRIVATE_NETWORKS).toBe(false);
    expect(loadEnvironment({ OUTBOUND_ALLOW_HOSTS: 'registry.internal, 10.0.0.0/8 ,127.0.0.1' }).OUTBOUND_ALLOW_HOSTS).toEqual([
      'registry.internal',
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
    expect(loadEnvironment({}).OUTBOUND_MAX_RESPONSE_BYTES).toBe(1024 * 1024);
  });

  it('names an allow-list entry that is neither a host, an address nor a range', () => {
    expect(() => loadEnvironment({ OUTBOUND_ALLOW_HOSTS: 'ok.example,http://bad/,10.0.0.0/99' })).toThrow(
      /OUTBOUND_ALLOW_HOSTS: .*"http:\/\/bad\/".*"10\.0\.0\.0\/99"/,
    );
  });
});

describe('loadEnvironment: liveness thresholds', () => {
  it('defaults to the measured threshold and uncertain band, and refuses a band above the threshold', () => {
    expect(loadEnvironment({})).toMatchObject({ LIVENESS_THRESHOLD: 65, LIVENESS_ATTACK_BELOW: 20 });
    expect(loadEnvironment({ LIVENESS_THRESHOLD: '98', LIVENESS_ATTACK_BELOW: '30' })).toMatchObject({
      LIVENESS_THRESHOLD: 98,
      LIVENESS_ATTACK_BELOW: 30,
    });
    expect(() => loadEnvironment({ LIVENESS_THRESHOLD: '40', LIVENESS_ATTACK_BELOW: '50' })).toThrow(
      /LIVENESS_ATTACK_BELOW: must not exceed LIVENESS_THRESHOLD/,
    );
    expect(() => loadEnvironment({ LIVENESS_THRESHOLD: '101' })).toThrow(/LIVENESS_THRESHOLD/);
  });
});
