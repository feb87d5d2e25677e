import { Injectable } from '@nestjs/common';
import type { StoredFaceTemplate } from '@app/face';

interface Entry {
  entityId: string;
  template: StoredFaceTemplate;
  cachedAt: number;
}

const MAX_TEMPLATES = 50_000;
const TTL_MS = 10 * 60 * 1000;

/**
 * Opened (decrypted, decoded) face templates by template id, so a repeated Biometric Check costs the
 * one embedding, not the decryption of every stored template. Templates never change once written;
 * which ones exist and their validation's status are read from the database on every check, so a
 * deleted template is never used. The cache lives in process memory only (never Redis or logs), is
 * bounded (oldest first out) and expires entries; erasure forgets an entity at once.
 */
@Injectable()
export class OpenedTemplateCache {
  private readonly entries = new Map<string, Entry>();

  get(templateId: string): StoredFaceTemplate | undefined {
    const entry = this.entries.get(templateId);
    if (!entry) return undefined;
    if (Date.now() - entry.cachedAt > TTL_MS) {
      this.entries.delete(templateId);
      return undefined;
    }
    return entry.template;
  }

  set(templateId: string, entityId: string, template: StoredFaceTemplate): void {
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

  get size(): number {
    return this.entries.size;
  }
}
