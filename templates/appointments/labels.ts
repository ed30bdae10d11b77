/** Plain words for service types, shared by the appointment list and detail (in the request's language; English in the console). */
import type { ServiceType } from '../../src/db/schema';
import { t } from '../../src/i18n';

export function serviceTypeLabel(type: ServiceType): string {
  return t(`appointments.serviceType.${type}`);
}
