/** The registry's sexo values: M, F and X (non-binary, since 2021). */
export type RegistrySexo = 'M' | 'F' | 'X';

const SEXO_BY_WORD: Record<string, RegistrySexo> = {
  m: 'M',
  male: 'M',
  masculino: 'M',
  f: 'F',
  female: 'F',
  femenino: 'F',
  x: 'X',
  non_binary: 'X',
  'non-binary': 'X',
  nonbinary: 'X',
};

/** Maps what entities hold (`male`, `female`, `M`, ...) to the registry's letter; null when unknown. */
export function registrySexo(value: string): RegistrySexo | null {
  return SEXO_BY_WORD[value.trim().toLowerCase()] ?? null;
}
