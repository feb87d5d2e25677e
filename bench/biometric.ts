/**
 * `npm run bench:biometric [-- --iterations 50 --entity-templates 1000 --org-templates 100000 --json]`
 *
 * Runs the API in this process (as the e2e tests do) against the configured PostgreSQL and Redis,
 * in a database of its own (`<db>_bench_biometric`, recreated on every run). Enrols one entity
 * with `--entity-templates` sealed templates (one of them a real face, the rest synthetic unit
 * vectors of the engine's sizes) among `--org-templates` in the organization, inserted in batches
 * through the repository. Then measures the p50 latency of POST /api/kyc/biometric (JSON, one
 * image) against the p50 of one image's face analysis, the unit of work of a face match.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import {
  EntityRecord,
  KycValidation,
  NewFaceTemplate,
  OrganizationRepository,
  SessionTemplatesRepository,
  withDatabaseName,
} from '@app/audit';
import { resetEnvironmentCache } from '@app/core';
import { FaceEngine, FaceTemplate } from '@app/face';
import { BiometricCipher } from '@app/storage';
import { createApiApp } from '../apps/api/src/app.factory';
import { openFaceTemplate, sealFaceTemplate } from '../apps/api/src/validations/decision/face-template-codec';
import { buildFaceFixtures } from '../test/support/faces';
import { benchFlags } from './lib/flags';
import { benchDatabaseUrl, log } from './lib/services';
import { markdownTable, percentile, round } from './lib/stats';

const {
  iterations,
  entityTemplates: enrolledForEntity,
  orgTemplates: enrolledInOrganization,
  json: asJson,
} = benchFlags({
  script: 'bench:biometric',
  options: { iterations: 50, entityTemplates: 1000, orgTemplates: 100_000 },
  switches: ['json'],
});
const BATCH = 1000;
/** Other entities share the rest of the organization's templates, this many each. */
const PER_OTHER_ENTITY = 100;
const SECRET = 'bench-biometric-webhook-secret';

async function recreateDatabase(url: string): Promise<void> {
  const server = new DataSource({ type: 'postgres', url: withDatabaseName(url, 'postgres'), extra: { max: 1 } });
  await server.initialize();
  const name = new URL(url).pathname.slice(1);
  await server.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await server.destroy();
}

function randomTemplate(shape: FaceTemplate): FaceTemplate {
  return {
    embeddings: shape.embeddings.map((embedding) => {
      const vector = embedding.vector.map(() => Math.random() - 0.5);
      const norm = Math.hypot(...vector);
      return { modelVersion: embedding.modelVersion, vector: vector.map((v) => v / norm) };
    }),
  };
}

/**
 * Decided validations with their sealed templates, one per element of `entityIds`, in batches of
 * `BATCH` rows per INSERT (bench data only: the validations go straight in; the templates through
 * the repository's bulk enrolment).
 */
async function enrol(
  dataSource: DataSource,
  repository: SessionTemplatesRepository,
  organizationId: string,
  entityIds: string[],
  sealed: (index: number) => Buffer,
  modelVersion: string,
): Promise<void> {
  for (let offset = 0; offset < entityIds.length; offset += BATCH) {
    const validations = entityIds.slice(offset, offset + BATCH).map((entityId) => ({
      id: randomUUID(),
      organizationId,
      entityId,
      provider: 'self_hosted',
      sessionId: randomUUID(),
      sessionTokenHash: randomBytes(32).toString('hex'),
      status: 'approved' as const,
      isCurrent: false,
      omitWarnings: [],
      expiresAt: new Date(Date.now() + 3600_000),
    }));
    await dataSource.createQueryBuilder().insert().into(KycValidation).values(validations).execute();
    const templates: NewFaceTemplate[] = validations.map((validation, i) => ({
      id: randomUUID(),
      organizationId,
      entityId: validation.entityId,
      kycValidationId: validation.id,
      template: sealed(offset + i),
      modelVersion,
    }));
    await repository.insertTemplates(templates);
  }
}

/** `runs` timed runs of `work` after a warm-up (skipped for single runs inside an outer loop). */
async function time(work: () => Promise<unknown>, runs = iterations): Promise<number[]> {
  if (runs > 1) for (let i = 0; i < 5; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples;
}

async function main(): Promise<void> {
  const databaseUrl = benchDatabaseUrl('bench_biometric');
  await recreateDatabase(databaseUrl);
  const storageDir = mkdtempSync(join(tmpdir(), 'kyc-bench-biometric-'));
  Object.assign(process.env, {
    NODE_ENV: process.env.NODE_ENV ?? 'development',
    DATABASE_URL: databaseUrl,
    DATABASE_MIGRATE_ON_START: 'true',
    STORAGE_DIR: storageDir,
    REDIS_PREFIX: `kyc-bench-biometric-${process.pid}`,
    // The limiter stays in the path (its cost is measured) but never refuses the benchmark's load.
    RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000',
    LOG_LEVEL: 'silent',
  });
  resetEnvironmentCache();
  const app: NestFastifyApplication = await createApiApp();
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  try {
    const engine = app.get(FaceEngine);
    const cipher = app.get(BiometricCipher);
    const dataSource = app.get(DataSource);
    const biometrics = app.get(SessionTemplatesRepository);
    const faces = await buildFaceFixtures(engine);
    const enrolledFace = await engine.analyze(faces.personA);
    if (!enrolledFace.primary) throw new Error('no face in the bench fixture');
    const shape = enrolledFace.primary.template;

    const created = await app.get(OrganizationRepository).createWithAdminKey('Biometric bench');
    const organizationId = created.organization.id;
    const headers = { authorization: `Bearer ${created.apiKey}` };
    const patched = await app.inject({
      method: 'PATCH',
      url: '/api/organizations/current/kyc-settings',
      headers,
      payload: { kycValidation: { enabled: true, webhookSecret: SECRET } },
    });
    if (patched.statusCode !== 200) throw new Error(`kyc-settings: ${patched.body}`);

    log(`enrolling ${enrolledForEntity} templates for one entity, ${enrolledInOrganization} in the organization...`);
    const started = performance.now();
    const entities = dataSource.getRepository(EntityRecord);
    const target = await entities.save(entities.create({ organizationId, type: 'person', externalId: 'bench-target' }));
    const pool = Array.from({ length: 500 }, () => sealFaceTemplate(cipher, randomTemplate(shape)));
    const realSealed = sealFaceTemplate(cipher, shape);
    await enrol(
      dataSource,
      biometrics,
      organizationId,
      Array<string>(enrolledForEntity).fill(target.id),
      (i) => (i === enrolledForEntity - 1 ? realSealed : pool[i % pool.length]),
      engine.modelVersion,
    );
    const others = enrolledInOrganization - enrolledForEntity;
    const otherEntities: string[] = [];
    for (let made = 0; made < Math.ceil(others / PER_OTHER_ENTITY); made += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, Math.ceil(others / PER_OTHER_ENTITY) - made) }, () => ({
        id: randomUUID(),
        organizationId,
        type: 'person' as const,
      }));
      await dataSource.createQueryBuilder().insert().into(EntityRecord).values(rows).execute();
      otherEntities.push(...rows.map((row) => row.id));
    }
    const assignments = Array.from({ length: Math.max(0, others) }, (_, i) => otherEntities[i % otherEntities.length]);
    await enrol(dataSource, biometrics, organizationId, assignments, (i) => pool[i % pool.length], engine.modelVersion);
    log(`enrolled in ${round((performance.now() - started) / 1000)} s`);

    const probe = await buildProbe(faces.personA);
    const checkFor = (entityId: string) => async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/kyc/biometric',
        headers,
        payload: { user_image: probe.toString('base64'), entityId },
      });
      if (response.statusCode !== 200) throw new Error(`biometric check: ${response.statusCode} ${response.body}`);
      return response.json<Record<string, unknown>>();
    };
    // The first check of the entity opens its templates (decrypt + decode); later ones reuse them.
    const coldStart = performance.now();
    const first = await checkFor(target.id)();
    const coldMs = performance.now() - coldStart;
    if (first.match !== true) throw new Error(`the enrolled face should match: ${JSON.stringify(first)}`);
    // Interleaved, so both see the same machine state (GC after the bulk enrolment, other load).
    const empty = await entities.save(entities.create({ organizationId, type: 'person', externalId: 'bench-empty' }));
    const biometric: number[] = [];
    const oneImage: number[] = [];
    for (let i = 0; i < iterations; i++) {
      biometric.push(...(await time(async () => void (await checkFor(target.id)()), 1)));
      // The same request for an entity with nothing enrolled: one image's analysis and the request's
      // own work (auth, settings, entity, audit row), no search. The difference is the search's cost.
      oneImage.push(...(await time(async () => void (await checkFor(empty.id)()), 1)));
    }
    // What a cold check pays, part by part: the sealed bytes of every template, then opening them.
    const refs = await biometrics.findEnrolledForEntity(organizationId, target.id);
    const ids = refs.map((ref) => ref.templateId);
    const search = await time(async () => {
      const rows = await biometrics.findSealedTemplates(organizationId, ids);
      if (rows.size !== enrolledForEntity) throw new Error(`expected ${enrolledForEntity} templates, loaded ${rows.size}`);
    });
    const loaded = [...(await biometrics.findSealedTemplates(organizationId, ids)).values()];
    const open = await time(() => Promise.resolve(loaded.map((bytes) => openFaceTemplate(cipher, bytes))));
    const opened = loaded.map((bytes) => openFaceTemplate(cipher, bytes));
    const probeTemplate = (await engine.analyze(probe)).primary?.template;
    if (!probeTemplate) throw new Error('no face in the probe');
    const compare = await time(() => Promise.resolve(opened.map((template) => engine.compare(template, probeTemplate))));
    const analysis = await time(() => engine.analyze(probe));

    const result = {
      biometricP50Ms: round(percentile(biometric, 50)),
      faceMatchOneImageP50Ms: round(percentile(oneImage, 50)),
      enrolledForEntity,
      enrolledInOrganization,
    };
    if (asJson) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      const row = (name: string, samples: number[]) => [name, round(percentile(samples, 50)), round(percentile(samples, 95)), iterations];
      console.log(
        markdownTable(
          ['measure', 'p50 ms', 'p95 ms', 'runs'],
          [
            row(`POST /api/kyc/biometric (${enrolledForEntity} templates of the entity, ${enrolledInOrganization} in the org)`, biometric),
            row('POST /api/kyc/biometric, entity with nothing enrolled (one image, no search)', oneImage),
            [`first check of the entity after start (opens its ${enrolledForEntity} templates)`, round(coldMs), '', 1],
            row('face analysis of one image alone (engine, no HTTP)', analysis),
            row(`  of which: loading the entity's ${enrolledForEntity} sealed templates (one query)`, search),
            row(`  of which: opening them (decrypt + decode)`, open),
            row(`  of which: comparing them (engine.compare)`, compare),
          ],
        ),
      );
    }
  } finally {
    await app.close();
    rmSync(storageDir, { recursive: true, force: true });
  }
}

/** The probe: the enrolled person as another capture (smaller, re-encoded). */
function buildProbe(photo: Buffer): Promise<Buffer> {
  return sharp(photo).resize({ width: 220 }).jpeg({ quality: 70 }).toBuffer();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
