import { parseDni } from '@app/renaper';
import type { FixturePerson } from './fixture-people';

/** The fixture people, looked up the way the registry does: by DNI (leading zeros ignored) and sexo. */
export class PeopleDirectory {
  private readonly byDni: Map<string, FixturePerson>;

  constructor(private readonly people: FixturePerson[]) {
    this.byDni = new Map(people.map((person) => [person.dni, person]));
  }

  find(dni: string, sexo: string): FixturePerson | undefined {
    const person = this.withDni(dni);
    return person && person.sexo === sexo.trim().toUpperCase() ? person : undefined;
  }

  withDni(dni: string): FixturePerson | undefined {
    const normalised = parseDni(dni);
    return normalised === null ? undefined : this.byDni.get(normalised);
  }

  list(): readonly FixturePerson[] {
    return this.people;
  }
}
