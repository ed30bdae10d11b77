/** Signing in (phone code, password, email codes, passkey sign-in), invitations and the code-entry parts. */
import { defineMessages } from '../define';

export const auth = defineMessages({}, {});
