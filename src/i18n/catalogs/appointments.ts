/** The parent's home, appointment lists and details, and the calendar (.ics and feed). */
import { defineMessages } from '../define';

export const appointments = defineMessages({}, {});
