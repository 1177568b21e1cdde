// A private, seeded Faker instance per stream (never the shared global one). Loads only the English
// locale module (the package's main entry loads every locale: ~4× slower to import), and builds a new
// instance from its definitions.
import type { Faker } from '@faker-js/faker';
import { faker as englishTemplate } from '@faker-js/faker/locale/en';

const FakerClass = englishTemplate.constructor as new (opts: { locale: Faker['rawDefinitions'] }) => Faker;

export function seededFaker(seed: number): Faker {
  const f = new FakerClass({ locale: englishTemplate.rawDefinitions });
  f.seed(seed);
  return f;
}
