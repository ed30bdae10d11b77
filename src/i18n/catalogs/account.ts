/** The account page, passkeys, and the parent's own data (export). */
import { defineMessages } from '../define';

export const account = defineMessages({}, {});
