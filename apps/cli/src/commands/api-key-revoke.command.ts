import { ApiKeyRepository } from '@app/audit';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../cli-io';
import { defineCommand, flag, optionalString, requiredUuid } from './command';

export const apiKeyRevokeCommand = defineCommand({
  name: 'api-key:revoke',
  summary: 'Revoke an API key, given the key itself or its id',
  usage: 'api-key:revoke --key KEY | --id ID [--json]',
  options: {
    key: { type: 'string', help: '--key KEY   the plaintext API key' },
    id: { type: 'string', help: '--id ID     the API key id (uuid)' },
    json: { type: 'boolean', help: '--json      print { "revoked": true|false } as JSON' },
  },
  parse(values) {
    const key = optionalString(values, 'key');
    const hasId = values.id !== undefined;
    if ((key === undefined) === !hasId) throw new UsageError('give exactly one of --key or --id');
    return { target: key ?? requiredUuid(values, 'id'), json: flag(values, 'json') };
  },
  async run(input, { container }, io) {
    const revoked = await container.get(ApiKeyRepository).revoke(input.target);
    if (input.json) io.out(JSON.stringify({ revoked }));
    else if (revoked) io.out('API key revoked.');
    if (!revoked) io.err('No active API key matches (unknown, or already revoked).');
    return revoked ? EXIT_OK : EXIT_FAILURE;
  },
});
