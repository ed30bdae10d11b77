/** Pets: the list, a pet's profile, adding a pet, vaccination certificates. */
import { defineMessages } from '../define';

export const pets = defineMessages({}, {});
