import type { AddressInfo } from 'node:net';
import { FaceEngine } from '@app/face';
import { type RenaperSandboxOptions, resolveSandboxSettings, type SandboxSettings } from './config/sandbox-settings';
import { CONTROL_KEY_HEADER } from './control/control-routes';
import { loadFixturePeople } from './people/fixture-people';
import { PeopleDirectory } from './people/people-directory';
import { RegistryFaces } from './people/registry-faces';
import { FaceTransactions } from './registry/face-transactions';
import { TokenStore } from './registry/token-store';
import { SandboxState } from './sandbox-state';
import { buildSandboxServer } from './server';

export type { RenaperSandboxOptions } from './config/sandbox-settings';
export type { KeyCase, SandboxBehaviour } from './config/behaviour';
export type { SandboxStats } from './sandbox-state';
export { CONTROL_KEY_HEADER } from './control/control-routes';
export { type PublicBehaviour, SandboxControl, type SandboxPerson } from './sandbox-control';

export interface RunningRenaperSandbox {
  /** Base URL to give the client, e.g. http://127.0.0.1:4010 (no trailing slash). */
  url: string;
  /** The `X-Sandbox-Key` value the control API (/_sandbox/...) wants. */
  controlKey: string;
  /** Stops listening, lets running face comparisons finish, stops the face engine. Idempotent. */
  close(): Promise<void>;
}

/** The sandbox's clock: token lifetimes and face-answer delays are measured on it. */
export type SandboxClock = () => Date;

const systemClock: SandboxClock = () => new Date();

/**
 * Starts the RENAPER sandbox: loads the fixture people, cuts their registry photos out of the test
 * photos with the face engine, and listens. A development and test tool, not the registry.
 * Options are validated (InvalidEnvironmentError names every bad one); `port: 0` picks a free port.
 * Tests pass a clock they move, instead of waiting for a token to expire or a face answer to be due.
 */
export async function startRenaperSandbox(
  options: RenaperSandboxOptions = {},
  now: SandboxClock = systemClock,
): Promise<RunningRenaperSandbox> {
  return startWithSettings(resolveSandboxSettings({ ...options }), now);
}

/** Same, from settings already validated (main.ts reads them from the environment). */
export async function startWithSettings(settings: SandboxSettings, now: SandboxClock = systemClock): Promise<RunningRenaperSandbox> {
  const people = new PeopleDirectory(loadFixturePeople(settings.peopleFile));
  const engine = new FaceEngine(settings.face);
  try {
    await engine.start();
    const faces = await RegistryFaces.prepare(engine, [...people.list()], settings.photosDir);
    const state = new SandboxState(settings.behaviour);
    const tokens = new TokenStore();
    const transactions = new FaceTransactions(async (dni, jpeg) => {
      const verdict = await faces.judge(dni, jpeg);
      state.recordFaceComparisonFinished();
      return verdict;
    });
    const app = buildSandboxServer({
      logLevel: settings.logLevel,
      controlKey: settings.controlKey,
      state,
      tokens,
      people,
      faces,
      transactions,
      now,
      forgetSessions: () => {
        tokens.clear();
        transactions.clear();
      },
    });

    await app.listen({ port: settings.port, host: settings.host });
    const { port } = app.server.address() as AddressInfo;
    const url = `http://${connectableHost(settings.host)}:${port}`;
    app.log.info('RENAPER sandbox — development and test tool, not the registry');
    app.log.info(
      `RENAPER sandbox listening at ${url} (${people.list().length} fixture people; registry user "${settings.behaviour.username}")`,
    );
    app.log.info(`control API at ${url}/_sandbox/... guarded only by the ${CONTROL_KEY_HEADER} header: a dev convenience, not security`);

    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        await app.close();
        await transactions.settled();
        await engine.close();
      })());
    return { url, controlKey: settings.controlKey, close };
  } catch (error) {
    await engine.close();
    throw error;
  }
}

/** A wildcard listen address is not something a client can connect to. */
function connectableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
