/** Plain words for service types, shared by the appointment list and detail (in the request's language; English in the console). */
import type { ServiceType } from '../../src/db/schema';
import { t } from '../../src/i18n';
import { CANCELED_BY_CLIENT_REASON, DECLINED_REASON } from '../../src/domain/booking-plan';

export function serviceTypeLabel(type: ServiceType): string {
  return t(`appointments.serviceType.${type}`);
}

/**
 * A cancel reason as the parent reads it: the two we store ourselves ("Canceled by the client",
 * "Declined by the business") in the reader's language, a reason someone typed as it was typed.
 */
export function cancelReasonWords(reason: string | null): string | null {
  if (reason === CANCELED_BY_CLIENT_REASON) return t('appointments.detail.canceledByYou');
  if (reason === DECLINED_REASON) return t('appointments.detail.declinedByBusiness');
  return reason;
}
