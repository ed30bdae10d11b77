/** Plain words for service types, shared by the appointment list and detail. */
import type { ServiceType } from '../../src/db/schema';

const SERVICE_TYPE_LABELS: Record<ServiceType, string> = {
  boarding: 'Boarding',
  daycare: 'Daycare',
  grooming: 'Grooming',
  training: 'Training',
};

export function serviceTypeLabel(type: ServiceType): string {
  return SERVICE_TYPE_LABELS[type];
}
