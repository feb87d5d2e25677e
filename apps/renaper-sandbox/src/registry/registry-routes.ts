import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { PeopleDirectory } from '../people/people-directory';
import type { RegistryEndpoint, SandboxState } from '../sandbox-state';
import * as answers from './registry-answers';
import type { RegistryAnswer } from './registry-answers';
import type { FaceTransactions } from './face-transactions';
import { applyKeyCase } from './key-case';
import type { TokenStore } from './token-store';

export interface RegistryRouteDeps {
  state: SandboxState;
  tokens: TokenStore;
  people: PeopleDirectory;
  transactions: FaceTransactions;
  now: () => Date;
}

type Handler = (request: FastifyRequest) => RegistryAnswer;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The registry's own endpoints, paths as the registry spells them. */
export function registerRegistryRoutes(app: FastifyInstance, deps: RegistryRouteDeps): void {
  const { state, tokens, people, transactions, now } = deps;
  const route = (endpoint: RegistryEndpoint, handler: Handler) => registryCall(deps.state, endpoint, handler);

  /** Null when the bearer token is valid, else the answer to give instead. */
  const refuseToken = (request: FastifyRequest, expiredAnswer: () => RegistryAnswer = answers.unauthorized) => {
    const check = tokens.check(request.headers.authorization, now());
    if (check === 'valid') return null;
    state.recordTokenRejected();
    return check === 'expired' ? expiredAnswer() : answers.unauthorized();
  };

  app.post(
    '/CHUTROFINAL/API_ABIS/Autorizacion/token.php',
    route('token', (request) => {
      const form = fields(request.body);
      const { username, password } = state.behaviour;
      if (form.username !== username || form.password !== password) return answers.credentialsRefused();
      state.recordTokenIssued();
      return answers.tokenIssued(tokens.issue(username, now(), state.behaviour.tokenTtlSeconds));
    }),
  );

  app.get(
    '/apidatos/porDniSexoTramite.php',
    route('personData', (request) => {
      const { dni, sexo, idtramite } = fields(request.query);
      const refusal = refuseToken(request);
      if (refusal) return refusal;
      if (!dni || !sexo || !idtramite) return answers.badRequest('Parámetros requeridos: dni, sexo, idtramite');
      return answers.personData(people.find(dni, sexo));
    }),
  );

  app.get(
    '/apidatos/verificaVigencia.php',
    route('personValidity', (request) => {
      const { dni, sexo, id_tramite: tramite } = fields(request.query);
      const refusal = refuseToken(request);
      if (refusal) return refusal;
      if (!dni || !sexo || !tramite) return answers.badRequest('Parámetros requeridos: dni, sexo, id_tramite');
      return answers.personValidity(people.find(dni, sexo), tramite);
    }),
  );

  app.post(
    '/CHUTROFINAL/API_ABIS/apiInline_v3.php',
    route('faceSubmit', (request) => {
      const refusal = refuseToken(request);
      if (refusal) return refusal;
      const { imagen, dni, sexo } = fields(request.body);
      if (!imagen || !dni || !sexo) return answers.badRequest('Parámetros requeridos: imagen, dni, sexo');
      const jpeg = BASE64.test(imagen) ? Buffer.from(imagen, 'base64') : null;
      if (!jpeg || jpeg[0] !== 0xff || jpeg[1] !== 0xd8 || jpeg[2] !== 0xff) {
        return answers.faceRefused('422', 'IMAGEN_INVALIDA', 'La imagen no es un JPEG en base64');
      }
      const person = people.find(dni, sexo);
      if (!person) return answers.faceRefused('404', 'PERSONA_NO_ENCONTRADA', 'No existe una persona con ese DNI y sexo');
      state.recordFaceSubmission();
      return answers.faceSubmitted(transactions.submit(person.dni, jpeg, now(), state.behaviour.faceAnswerDelayMs));
    }),
  );

  app.get(
    '/CHUTROFINAL/API_ABIS/resultadoTCN.php',
    route('faceResult', (request) => {
      const refusal = refuseToken(request, answers.tokenExpiredResult);
      if (refusal) return refusal;
      const { id } = fields(request.query);
      if (!id) return answers.badRequest('Parámetro requerido: id');
      const transaction = transactions.find(id);
      return transaction ? answers.faceResult(transaction, now()) : answers.unknownTransaction();
    }),
  );
}

/**
 * What every registry call goes through before its handler, in the registry's order: latency,
 * the IP allow-list, then injected failures. Counted first, so stats include failed calls.
 */
function registryCall(state: SandboxState, endpoint: RegistryEndpoint, handler: Handler) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    state.recordCall(endpoint);
    const { latencyMs } = state.behaviour;
    if (latencyMs > 0) await delay(latencyMs);
    let result: RegistryAnswer;
    if (!addressAllowed(request.ip, state.behaviour.allowedAddresses)) result = answers.addressNotAllowed();
    else if (state.takeInjectedFailure()) result = answers.injectedFailure(state.behaviour.failureStatus);
    else result = handler(request);
    request.log.debug({ endpoint, status: result.status }, 'registry call');

    reply.code(result.status);
    if (typeof result.body === 'string') return reply.type('text/plain; charset=utf-8').send(result.body);
    return reply.type('application/json; charset=utf-8').send(applyKeyCase(result.body, state.behaviour.keyCase));
  };
}

function addressAllowed(ip: string, allowed: readonly string[]): boolean {
  return allowed.length === 0 || allowed.includes(ip.replace(/^::ffff:/, ''));
}

/** String fields of a parsed query, form or JSON body; anything else is ignored. */
function fields(source: unknown): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if (source === null || typeof source !== 'object') return out;
  for (const [key, value] of Object.entries(source)) if (typeof value === 'string') out[key] = value.trim();
  return out;
}
