import { OrganizationRepository } from '@app/audit';
import { EXIT_OK, UsageError } from '../cli-io';
import { defineCommand, flag, requiredString } from './command';

const MAX_NAME_LENGTH = 200;

export const orgCreateCommand = defineCommand({
  name: 'org:create',
  summary: 'Create an organization and its first admin API key',
  usage: 'org:create --name NAME [--json]',
  options: {
    name: { type: 'string', help: '--name NAME   the organization name' },
    json: { type: 'boolean', help: '--json        print { "organizationId", "apiKey" } as JSON' },
  },
  parse(values) {
    const name = requiredString(values, 'name');
    if (name.length > MAX_NAME_LENGTH) throw new UsageError(`--name must be at most ${MAX_NAME_LENGTH} characters`);
    return { name, json: flag(values, 'json') };
  },
  async run(input, { container }, io) {
    const created = await container.get(OrganizationRepository).createWithAdminKey(input.name);
    if (input.json) {
      io.out(JSON.stringify({ organizationId: created.organization.id, apiKey: created.apiKey }));
    } else {
      io.out(`Organization "${created.organization.name}" created.`);
      io.out(`  organizationId: ${created.organization.id}`);
      io.out(`  apiKey (admin): ${created.apiKey}`);
      io.out('Store the API key now: it is shown only once.');
    }
    return EXIT_OK;
  },
});
