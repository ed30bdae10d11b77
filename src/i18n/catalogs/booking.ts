/** Booking online: the steps, the review, rescheduling and cancelling requests. */
import { defineMessages } from '../define';

export const booking = defineMessages({}, {});
