import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { getQueueToken } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Queue } from 'bullmq';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { QUEUES } from '@app/core';
import { sameSecret } from './operator-token';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** HTTP Basic auth (user `admin`, password ADMIN_TOKEN), so an operator's browser can open the page. */
function requireOperator(adminToken: string) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const [scheme, encoded] = header.split(' ');
    const [user, ...rest] = Buffer.from(encoded ?? '', 'base64')
      .toString('utf8')
      .split(':');
    if (scheme?.toLowerCase() === 'basic' && user === 'admin' && sameSecret(rest.join(':'), adminToken)) return;
    await reply
      .status(401)
      .header('www-authenticate', 'Basic realm="KYC queues", charset="UTF-8"')
      .send({ code: 'UNAUTHORIZED', message: 'Operator credentials required (user "admin", password ADMIN_TOKEN)', requestId: request.id });
  };
}

/**
 * A read-only BullMQ dashboard for operators at /admin/queues. Operators are not organization
 * admins (the queues hold every organization's jobs), so it sits behind its own ADMIN_TOKEN and is
 * not mounted at all without one. Jobs carry ids only, so nothing biometric is shown.
 */
export async function mountQueueDashboard(app: NestFastifyApplication, adminToken: string | undefined): Promise<void> {
  const logger = new Logger('QueueDashboard');
  if (!adminToken) {
    logger.log(`queue dashboard disabled (set ADMIN_TOKEN to serve it at ${QUEUE_DASHBOARD_PATH})`);
    return;
  }
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  const queues = Object.values(QUEUES).map((name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name)), { readOnlyMode: true }));
  createBullBoard({ queues, serverAdapter });
  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', requireOperator(adminToken));
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
  });
}
