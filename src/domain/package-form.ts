/**
 * The console's package forms as pure rules (issue 14 item 4): a package plan (name, what it
 * covers, the service type whose visits use it up or any, how many, price, how many days it
 * lasts or for ever), selling a plan to a client, and using one of a client's packages for a
 * finished visit. Whether a use was already recorded, or a package still has some left when the
 * write arrives, is decided again in SQL (queries/console-packages.ts); these say what is wrong
 * with what was typed or chosen, in words, per field.
 *
 * Pure: no I/O, no module state.
 */
import { SERVICE_TYPES, type ServiceType } from '../db/schema';
import { lineProblem, NAME_MESSAGES } from './name-text';
import { decimalsMessage, parsePrice, PRICE_MESSAGES } from './service-form';
import { addDays } from './time';

export const PLAN_NAME_MAX = 80;
export const PLAN_COVERS_MAX = 200;
export const PLAN_QUANTITY_MAX = 1000;
export const PLAN_VALIDITY_MAX_DAYS = 3650;

type FormInput = Record<string, unknown>;

function text(form: FormInput, name: string): string {
  const v = form[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first.slice(0, 500) : '';
}

/** A form's submission key (one per form shown), or '' when missing or malformed. */
export function submissionKey(form: FormInput): string {
  const k = text(form, 'key');
  return /^[A-Za-z0-9_-]{16,32}$/.test(k) ? k : '';
}

/** A name or one-line text field's problem in words, or null (required, at most `max`). */
export function lineMessage(value: string, max: number, missing: string): string | null {
  if (value === '') return missing;
  if (value.length > max) return `Keep it to ${max} characters or fewer.`;
  const problem = lineProblem(value, { name: true });
  return problem ? NAME_MESSAGES[problem] : null;
}

/** A price field's message, or null with the minor units. */
export function priceField(typed: string, currency: string): { minor: number } | { message: string } {
  const price = parsePrice(typed, currency);
  if (price.ok) return { minor: price.minor };
  return { message: price.problem === 'decimals' ? decimalsMessage(currency) : PRICE_MESSAGES[price.problem] };
}

/** A whole number typed in a field, or null when it is not one (digits only, at most 6). */
function wholeNumber(typed: string): number | null {
  const v = typed.trim();
  return /^\d{1,6}$/.test(v) ? Number(v) : null;
}

// ---- Package plans -----------------------------------------------------------------------------

export type PackagePlanField = 'name' | 'covers' | 'serviceType' | 'quantity' | 'price' | 'validityDays';

export interface PackagePlanFormValues {
  name: string;
  covers: string;
  /** '' = any service type. */
  serviceType: string;
  quantity: string;
  price: string;
  /** '' = never expires. */
  validityDays: string;
  key: string;
}

export interface PackagePlanInput {
  name: string;
  covers: string;
  serviceType: ServiceType | null;
  quantity: number;
  priceMinor: number;
  validityDays: number | null;
}

export function packagePlanFormValues(form: FormInput): PackagePlanFormValues {
  return {
    name: text(form, 'name').trim(),
    covers: text(form, 'covers').trim(),
    serviceType: text(form, 'serviceType'),
    quantity: text(form, 'quantity'),
    price: text(form, 'price'),
    validityDays: text(form, 'validityDays'),
    key: submissionKey(form),
  };
}

export type PlanFormResult<F extends string, T> = { ok: true; value: T } | { ok: false; errors: Partial<Record<F, string>> };

export function checkPackagePlanForm(v: PackagePlanFormValues, currency: string): PlanFormResult<PackagePlanField, PackagePlanInput> {
  const errors: Partial<Record<PackagePlanField, string>> = {};
  const name = lineMessage(v.name, PLAN_NAME_MAX, 'Give the package a name, e.g. “10 daycare days”.');
  if (name) errors.name = name;
  const covers = lineMessage(v.covers, PLAN_COVERS_MAX, 'Say what it covers, e.g. “10 full days of daycare” — the client reads it.');
  if (covers) errors.covers = covers;
  const serviceType = v.serviceType === '' ? null : (SERVICE_TYPES as readonly string[]).includes(v.serviceType) ? (v.serviceType as ServiceType) : undefined;
  if (serviceType === undefined) errors.serviceType = 'Choose the service it covers, or any service.';
  const quantity = wholeNumber(v.quantity);
  if (v.quantity.trim() === '') errors.quantity = 'Enter how many visits it covers, e.g. 10.';
  else if (quantity === null) errors.quantity = 'Enter how many visits as a whole number, e.g. 10.';
  else if (quantity === 0) errors.quantity = 'A package covers at least 1 visit.';
  else if (quantity > PLAN_QUANTITY_MAX) errors.quantity = `A package covers at most ${PLAN_QUANTITY_MAX} visits.`;
  const price = priceField(v.price, currency);
  if ('message' in price) errors.price = price.message;
  let validityDays: number | null = null;
  if (v.validityDays.trim() !== '') {
    validityDays = wholeNumber(v.validityDays);
    if (validityDays === null) errors.validityDays = 'Enter the number of days as a whole number, e.g. 90, or leave it empty for no expiry.';
    else if (validityDays === 0) errors.validityDays = 'A package lasts at least 1 day; leave it empty for no expiry.';
    else if (validityDays > PLAN_VALIDITY_MAX_DAYS)
      errors.validityDays = `Enter at most ${PLAN_VALIDITY_MAX_DAYS} days (10 years), or leave it empty for no expiry.`;
  }
  if (Object.keys(errors).length > 0 || 'message' in price || quantity === null || serviceType === undefined) return { ok: false, errors };
  return { ok: true, value: { name: v.name, covers: v.covers, serviceType, quantity, priceMinor: price.minor, validityDays } };
}

/** The day a package sold on `purchasedOn` (YYYY-MM-DD) expires — usable through that day — or null for never. */
export function packageExpiresOn(purchasedOn: string, validityDays: number | null): string | null {
  return validityDays === null ? null : addDays(purchasedOn, validityDays);
}

// ---- Selling a plan ----------------------------------------------------------------------------

export interface PlanChoice {
  id: string;
  retired: boolean;
}

/** The plan chosen to sell (or to start a membership from): one of this business's plans still on sale. */
export function checkPlanChoice(planId: string, plans: readonly PlanChoice[], noun: 'package' | 'membership'): { ok: true } | { ok: false; message: string } {
  if (planId === '') return { ok: false, message: `Choose a ${noun} plan.` };
  const plan = plans.find((p) => p.id === planId);
  if (!plan) return { ok: false, message: `Choose one of your ${noun} plans: that one is not this business’s.` };
  if (plan.retired) return { ok: false, message: `That plan is retired and no longer sold. Choose another one.` };
  return { ok: true };
}

// ---- Using a package for a finished visit --------------------------------------------------------

export interface HeldPackage {
  id: string;
  name: string;
  remainingQuantity: number;
  expiresOn: string | null;
  /** The plan's service type; null = any; undefined = an older package without a plan (any). */
  serviceType: ServiceType | null | undefined;
}

export interface FinishedVisit {
  id: string;
  serviceType: ServiceType;
  /** The package already used for it, if any. */
  usedPackageName: string | null;
}

export type UseField = 'package' | 'appointment';

/**
 * Whether `pkg` may be used for `visit` today (YYYY-MM-DD in the business's zone): not expired,
 * some left, the visit's service is what it covers; a visit uses at most one package, once.
 */
export function checkPackageUse(
  packageId: string,
  appointmentId: string,
  packages: readonly HeldPackage[],
  visits: readonly FinishedVisit[],
  today: string,
  dateLabel: (day: string) => string = (day) => day,
): { ok: true } | { ok: false; errors: Partial<Record<UseField, string>>; conflict?: boolean } {
  const errors: Partial<Record<UseField, string>> = {};
  const pkg = packages.find((p) => p.id === packageId);
  const visit = visits.find((v) => v.id === appointmentId);
  if (!pkg) errors.package = 'Choose one of this client’s packages.';
  if (!visit) errors.appointment = 'Choose one of this client’s finished visits.';
  if (!pkg || !visit) return { ok: false, errors };
  if (visit.usedPackageName !== null) {
    return {
      ok: false,
      conflict: true,
      errors: { appointment: `That visit already used ${visit.usedPackageName}: a visit uses a package once. Nothing was changed.` },
    };
  }
  if (pkg.expiresOn !== null && pkg.expiresOn < today)
    return { ok: false, errors: { package: `${pkg.name} expired on ${dateLabel(pkg.expiresOn)}. Nothing was changed.` } };
  if (pkg.remainingQuantity <= 0) return { ok: false, errors: { package: `${pkg.name} is used up. Nothing was changed.` } };
  if (pkg.serviceType && pkg.serviceType !== visit.serviceType) {
    return { ok: false, errors: { package: `${pkg.name} covers ${pkg.serviceType} visits, and that visit is ${visit.serviceType}. Nothing was changed.` } };
  }
  return { ok: true };
}
