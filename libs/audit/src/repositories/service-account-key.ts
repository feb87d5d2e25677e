import { EntityManager } from 'typeorm';
import { apiKeyDisplayPrefix, generateApiKey, hashApiKey } from '../api-keys/api-key-secret';
import { ApiKey, MemberRole, OrganizationMember, User } from '../entities';

export interface IssuedServiceAccountKey {
  user: User;
  /** The plaintext key: returned once, never stored. */
  apiKey: string;
  apiKeyId: string;
}

/**
 * A new service account, its membership in the organization and its API key, written with the
 * caller's transaction manager (the callers are repositories that own the transaction).
 */
export async function issueServiceAccountKey(
  manager: EntityManager,
  organizationId: string,
  role: MemberRole,
  name: string | null,
): Promise<IssuedServiceAccountKey> {
  const user = await manager.save(manager.create(User, { name, kind: 'service_account' }));
  await manager.insert(OrganizationMember, { organizationId, userId: user.id, role });
  const apiKey = generateApiKey();
  const row = await manager.save(
    manager.create(ApiKey, { userId: user.id, name, keyPrefix: apiKeyDisplayPrefix(apiKey), keyHash: hashApiKey(apiKey) }),
  );
  return { user, apiKey, apiKeyId: row.id };
}
