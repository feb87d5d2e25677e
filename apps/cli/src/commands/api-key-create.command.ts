import { ApiKeyRepository, MEMBER_ROLES, MemberRole } from '@app/audit';
import { EXIT_OK, UsageError } from '../cli-io';
import { defineCommand, flag, optionalString, requiredString, requiredUuid } from './command';

function isRole(value: string): value is MemberRole {
  return (MEMBER_ROLES as readonly string[]).includes(value);
}

export const apiKeyCreateCommand = defineCommand({
  name: 'api-key:create',
  summary: 'Create an API key (for a new service account) in an organization',
  usage: 'api-key:create --org ID --role admin|member [--name NAME] [--json]',
  options: {
    org: { type: 'string', help: '--org ID              the organization id (uuid)' },
    role: { type: 'string', help: '--role admin|member   what the key may do' },
    name: { type: 'string', help: '--name NAME           a label for the key' },
    json: { type: 'boolean', help: '--json                print { "organizationId", "apiKey", "apiKeyId", "role" } as JSON' },
  },
  parse(values) {
    const organizationId = requiredUuid(values, 'org');
    const role = requiredString(values, 'role');
    if (!isRole(role)) throw new UsageError(`--role must be admin or member, got "${role}"`);
    return { organizationId, role, name: optionalString(values, 'name') ?? null, json: flag(values, 'json') };
  },
  async run(input, { container }, io) {
    const created = await container.get(ApiKeyRepository).createForOrganization(input.organizationId, input.role, input.name);
    if (input.json) {
      io.out(
        JSON.stringify({ organizationId: input.organizationId, apiKey: created.apiKey, apiKeyId: created.apiKeyId, role: input.role }),
      );
    } else {
      io.out(`API key created (${input.role}) for organization ${input.organizationId}.`);
      io.out(`  apiKeyId: ${created.apiKeyId}`);
      io.out(`  apiKey:   ${created.apiKey}`);
      io.out('Store the API key now: it is shown only once.');
    }
    return EXIT_OK;
  },
});
