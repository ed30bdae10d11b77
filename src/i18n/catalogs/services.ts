/** Agreements, report cards, store credit, packages, memberships and classes. */
import { defineMessages } from '../define';

export const services = defineMessages({}, {});
