import { Injectable } from '@nestjs/common';
import type { FaceTemplate } from '@app/face';

interface Entry {
  entityId: string;
  template: FaceTemplate;
  cachedAt: number;
}

const MAX_TEMPLATES = 50_000;
const TTL_MS = 10 * 60 * 1000;

/**
 * Opened (decrypted, decoded) face templates by template id, so a repeated Biometric Check costs the
 * one embedding, not the decryption of every stored template. A template's content never changes
 * once written (key rotation re-seals the same bytes under the same id; enrolment adds new ids).
 * Which templates exist and their validation's status are read from PostgreSQL on every check, and
 * only those ids are looked up here: that read is the version check that makes the cache correct
 * on every replica, so an erasure committed by any process is in effect on all of them at once.
 * What an erasure leaves in other replicas' memory is purged when they next read the entity
 * (`retainForEntity`) and, sooner, by the erasure's broadcast (TemplateCacheBroadcast). The cache
 * lives in process memory only (never Redis or logs), is bounded (oldest first out) and expires.
 */
@Injectable()
export class OpenedTemplateCache {
  private readonly entries = new Map<string, Entry>();

  get(templateId: string): FaceTemplate | undefined {
    const entry = this.entries.get(templateId);
    if (!entry) return undefined;
    if (Date.now() - entry.cachedAt > TTL_MS) {
      this.entries.delete(templateId);
      return undefined;
    }
    return entry.template;
  }

  set(templateId: string, entityId: string, template: FaceTemplate): void {
    this.entries.delete(templateId);
    this.entries.set(templateId, { entityId, template, cachedAt: Date.now() });
    while (this.entries.size > MAX_TEMPLATES) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  /** Right to erasure: drop every opened template of the entity from memory now. */
  forgetEntity(entityId: string): void {
    for (const [templateId, entry] of this.entries) if (entry.entityId === entityId) this.entries.delete(templateId);
  }

  /**
   * The entity's templates that exist now (just read from the database): every other opened
   * template of the entity (erased, or replaced) is dropped from memory.
   */
  retainForEntity(entityId: string, existingTemplateIds: readonly string[]): void {
    const existing = new Set(existingTemplateIds);
    for (const [templateId, entry] of this.entries)
      if (entry.entityId === entityId && !existing.has(templateId)) this.entries.delete(templateId);
  }

  get size(): number {
    return this.entries.size;
  }
}
