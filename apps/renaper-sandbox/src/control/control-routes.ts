import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { parseBehaviourPatch, type SandboxBehaviour } from '../config/behaviour';
import type { FixturePerson } from '../people/fixture-people';
import type { PeopleDirectory } from '../people/people-directory';
import type { RegistryFaces } from '../people/registry-faces';
import type { SandboxState } from '../sandbox-state';

export const CONTROL_KEY_HEADER = 'x-sandbox-key';

export interface ControlRouteDeps {
  controlKey: string;
  state: SandboxState;
  people: PeopleDirectory;
  faces: RegistryFaces;
  /** Forgets tokens and face transactions (the state resets itself). */
  forgetSessions: () => void;
}

/**
 * The control API the real registry does not have: tests and developers change the behaviour, reset,
 * read counters and fetch registry photos. Guarded only by a shared header value: a development
 * convenience, not security.
 */
export function registerControlRoutes(app: FastifyInstance, deps: ControlRouteDeps): void {
  const { state, people, faces } = deps;

  void app.register((control, _options, done) => {
    // Callback style: answering from the hook without calling done() ends the request there.
    control.addHook('onRequest', (request, reply, done) => {
      if (sameSecret(request.headers[CONTROL_KEY_HEADER], deps.controlKey)) return done();
      void reply.code(401).send({ error: `control API: send the ${CONTROL_KEY_HEADER} header` });
    });

    control.get('/_sandbox/behaviour', () => publicBehaviour(state.behaviour));

    control.put('/_sandbox/behaviour', async (request, reply) => {
      const body = request.body;
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        return reply.code(400).send({ error: 'a JSON object of settings expected' });
      }
      const { patch, problems } = parseBehaviourPatch(body as Record<string, unknown>);
      if (problems.length > 0) return reply.code(400).send({ error: 'invalid behaviour', problems });
      state.update(patch);
      return publicBehaviour(state.behaviour);
    });

    control.post('/_sandbox/reset', () => {
      state.reset();
      deps.forgetSessions();
      return { reset: true, behaviour: publicBehaviour(state.behaviour) };
    });

    control.get('/_sandbox/stats', () => state.stats());

    control.get('/_sandbox/people', () => ({ people: people.list().map(describePerson) }));

    control.get<{ Params: { dni: string } }>('/_sandbox/people/:dni/photo', async (request, reply) => {
      const person = people.withDni(request.params.dni);
      const photo = person ? faces.photo(person.dni) : undefined;
      if (!photo) return reply.code(404).send({ error: 'no fixture person with that DNI' });
      return reply.type('image/jpeg').send(photo);
    });
    done();
  });
}

/** The behaviour without the password the sandbox accepts. */
function publicBehaviour(behaviour: Readonly<SandboxBehaviour>): Omit<SandboxBehaviour, 'password'> {
  const { password: _password, ...rest } = behaviour;
  return rest;
}

function describePerson(person: FixturePerson) {
  return { ...person, photoUrl: `/_sandbox/people/${person.dni}/photo` };
}

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
