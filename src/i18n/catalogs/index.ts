/**
 * Every catalog area, merged. An area is added here once; its keys start with its name, and
 * test/domain/i18n-catalogs.test.ts fails when two areas share a key (the later would win).
 */
import { layout } from './layout';
import { auth } from './auth';
import { booking } from './booking';
import { appointments } from './appointments';
import { pets } from './pets';
import { account } from './account';
import { services } from './services';
import { messages } from './messages';

export const AREAS = { layout, auth, booking, appointments, pets, account, services, messages } as const;

type Areas = typeof AREAS;
type EnglishOf<A> = A extends { en: infer E } ? E : never;
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every message key of the portal. */
export type MessageKey = keyof UnionToIntersection<EnglishOf<Areas[keyof Areas]>> & string;

function merged(language: 'en' | 'es'): Record<string, string> {
  const all: Record<string, string> = {};
  for (const area of Object.values(AREAS)) Object.assign(all, area[language]);
  return all;
}

export const CATALOGS = { en: merged('en'), es: merged('es') } as const;
