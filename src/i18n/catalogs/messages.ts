/** Texts (SMS) and emails sent to parents: decisions, reminders, invitations, report cards. */
import { defineMessages } from '../define';

export const messages = defineMessages({}, {});
