import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../../..');
/** The only files that may write a validation's status: the session module's two repositories. */
const OWNERS = ['libs/session/src/kyc-session.repository.ts', 'libs/session/src/session-decision.repository.ts'];

/** A SQL UPDATE of kyc_validations whose SET clause (before WHERE) names `status`. */
const SQL_STATUS_WRITE = /UPDATE\s+kyc_validations\b(?:(?!\bWHERE\b)[\s\S])*?\bstatus\s*=/i;
/** Any TypeORM write through the KycValidation entity (update, save, insert, upsert). */
const ORM_WRITE =
  /\.(?:update|save|insert|upsert)\(\s*KycValidation\b|getRepository\(\s*KycValidation\s*\)\s*\.(?:update|save|insert|upsert)\(/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const path = join(dir, item.name);
    if (item.isDirectory()) return item.name === 'node_modules' || item.name === 'migrations' ? [] : sources(path);
    return item.name.endsWith('.ts') && !item.name.endsWith('spec.ts') ? [path] : [];
  });
}

describe('one owner writes a validation’s status', () => {
  const files = [...sources(join(ROOT, 'apps')), ...sources(join(ROOT, 'libs'))].map((path) => ({
    path: relative(ROOT, path),
    text: readFileSync(path, 'utf8'),
  }));

  it('sees the writes where they are (the check can fail)', () => {
    const owners = files.filter((file) => OWNERS.includes(file.path));
    expect(owners).toHaveLength(OWNERS.length);
    expect(owners.every((file) => ORM_WRITE.test(file.text))).toBe(true);
    expect(SQL_STATUS_WRITE.test("UPDATE kyc_validations SET decision = '{}', status = 'approved' WHERE id = $1")).toBe(true);
    expect(SQL_STATUS_WRITE.test("UPDATE kyc_validations SET liveness_attempts = 1 WHERE status = 'in_progress'")).toBe(false);
  });

  it('finds no other code in apps/ or libs/ writing kyc_validations.status', () => {
    const writers = files.filter((file) => !OWNERS.includes(file.path) && (SQL_STATUS_WRITE.test(file.text) || ORM_WRITE.test(file.text)));
    expect(writers.map((file) => file.path)).toEqual([]);
  });
});
