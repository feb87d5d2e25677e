import type { SandboxBehaviour } from './config/behaviour';
import { CONTROL_KEY_HEADER } from './control/control-routes';
import type { FixturePerson } from './people/fixture-people';
import type { SandboxStats } from './sandbox-state';

export type PublicBehaviour = Omit<SandboxBehaviour, 'password'>;
export type SandboxPerson = FixturePerson & { photoUrl: string };

/**
 * A typed client of the sandbox's control API, for tests anywhere in the monorepo:
 * `const control = new SandboxControl(sandbox.url, sandbox.controlKey)`.
 */
export class SandboxControl {
  constructor(
    private readonly url: string,
    private readonly controlKey: string,
  ) {}

  /** Partial update of the behaviour (e.g. `{ failNextCalls: 2 }`); answers the whole behaviour. */
  behave(patch: Partial<SandboxBehaviour>): Promise<PublicBehaviour> {
    return this.json('PUT', '/_sandbox/behaviour', patch);
  }

  behaviour(): Promise<PublicBehaviour> {
    return this.json('GET', '/_sandbox/behaviour');
  }

  /** Process behaviour back, counters at zero, tokens and face transactions forgotten. */
  async reset(): Promise<void> {
    await this.json('POST', '/_sandbox/reset');
  }

  stats(): Promise<SandboxStats> {
    return this.json('GET', '/_sandbox/stats');
  }

  async people(): Promise<SandboxPerson[]> {
    return (await this.json<{ people: SandboxPerson[] }>('GET', '/_sandbox/people')).people;
  }

  /** The person picked by fixture role (`valid`, `valid-second`, `deceased`, `expired`, `reprinted`...). */
  async person(role: string): Promise<SandboxPerson> {
    const person = (await this.people()).find((candidate) => candidate.role === role);
    if (!person) throw new Error(`no fixture person with role ${role}`);
    return person;
  }

  /** The registry photo (JPEG) of a fixture person. */
  async photo(dni: string): Promise<Buffer> {
    const response = await fetch(`${this.url}/_sandbox/people/${encodeURIComponent(dni)}/photo`, { headers: this.headers() });
    if (!response.ok) throw new Error(`sandbox control: photo answered ${response.status}`);
    return Buffer.from(await response.arrayBuffer());
  }

  private async json<T>(method: 'GET' | 'PUT' | 'POST', path: string, body?: object): Promise<T> {
    const headers: Record<string, string> = this.headers();
    if (body) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.url}${path}`, { method, headers, body: body ? JSON.stringify(body) : undefined });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox control: ${method} ${path} answered ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  private headers(): Record<string, string> {
    return { [CONTROL_KEY_HEADER]: this.controlKey };
  }
}
