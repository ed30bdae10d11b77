/**
 * Demo data for local development, the README walkthrough and end-to-end tests.
 *
 * Why it exists: every screen of the portal should be reachable on a fresh database — every
 * appointment status, the live camera, History with more than one page, a grooming business
 * in beta and one not yet on, a parent with two businesses — without clicking through a
 * business back office that does not exist yet.
 *
 * Choices:
 * - Fixed, readable ids (`biz_demo_boarding`, `apt_demo_checked_in` …, all in `DEMO`) so docs
 *   and e2e tests can name rows. Times are relative to `now`, laid out on the business's own
 *   calendar (e.g. 09:00 Europe/London), so the demo always has upcoming and past visits.
 * - Everything is written in ONE `db.batch` (one HTTP round trip, atomic): a half-seeded
 *   database cannot happen. With `replaceExisting` the same batch first deletes the demo
 *   businesses' rows (and only theirs), so re-seeding is idempotent.
 * - Phone numbers are in fictional ranges (NANP 555-01xx, Ofcom 020 7946 0xxx). Client numbers
 *   are E.164 (the schema requires it); business and vet phones are text people read, stored in
 *   international format ("+1 206 555 0142") so they are readable and dialable from anywhere.
 * - Online booking works on the demo (SPEC §5): Happy Tails and Paddington have opening hours,
 *   closed dates, drop-off/pick-up windows, groomer schedules and who-does-what (`DEMO_BOOKING`),
 *   and every visit sits where online booking could have put it — not on a closed date, within
 *   opening hours, grooms on days their groomers work (`DemoCalendar.openDay` moves a visit a
 *   day or two when its usual offset from today would land on a closed day).
 * - The capacity ledger matches the visits: every visit whose status holds capacity has its
 *   `capacity_claims` rows (pets per boarding night and daycare day, groomers' 15-minute slots),
 *   units numbered from 0 as the booking lock would. Boarding is full on the nights of the
 *   waitlisted stay and has one place left on a later stay (`demoBookingDates`), so the waitlist
 *   and the race for the last place can be tried without setting anything up.
 * - No portal accounts are created: an account is a verified phone number, made at first
 *   sign-in (SPEC §3.4), which is exactly what the demo should exercise.
 *
 * Run: `npm run db:seed` (or `npx tsx scripts/seed.ts [--force]`) with LIBSQL_URL /
 * LIBSQL_AUTH_TOKEN (default http://127.0.0.1:8080). It refuses, exit 0, when the database
 * already has businesses, unless `--force` (then the demo rows are replaced, others kept).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient } from '@libsql/client';
import { inArray } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import * as schema from '../src/db/schema';
import {
  accountClientLinks,
  addOns,
  appointmentAddOns,
  appointmentPets,
  appointmentServices,
  appointments,
  bookingSubmissions,
  businessHours,
  businessNotifications,
  businesses,
  capacityClaims,
  classAttendance,
  classEnrollments,
  classSessions,
  clientMemberships,
  clientPackages,
  clients,
  closedDates,
  groupClasses,
  petVaccinations,
  pets,
  serviceWindows,
  services,
  staff,
  staffScheduleExceptions,
  staffSchedules,
  staffServices,
  storeCreditTransactions,
  type AppointmentStatus,
  type ServiceType,
} from '../src/db/schema';
import { depositFor } from '../src/domain/availability';
// Report cards (SPEC §7): their own module, added to the one batch below.
import { deleteDemoReportCardStatements, insertDemoReportCardStatements } from './demo-report-cards';
// ---- Agreements (SPEC §9): their own module, added to the one batch below. ----
import { deleteDemoAgreementStatements, insertDemoAgreementStatements } from './demo-agreements';
import { boardingNightResource, daycareDayResource, holdsCapacity, resourceCapacity, staffSlotResources } from '../src/domain/capacity';
import { addDays, formatDate, localDateString, zonedDateTimeToUtc } from '../src/domain/time';

/** The database handle the seed writes through (drizzle over @libsql/client). */
export type SeedDatabase = LibSQLDatabase<typeof schema>;

/** Where `npm run db:server` listens by default. */
export const DEFAULT_LIBSQL_URL = 'http://127.0.0.1:8080';

const DAY_MS = 86_400_000;

/** What Happy Tails asks of a daycare pet (SPEC §5 eligibility). */
const DAYCARE_RULES = { speciesAllowed: 'dog', requiredVaccinations: 'Rabies,Bordetella' };

/** Catalogue rows referenced by appointments; prices in minor units of the business currency. */
const SERVICE = {
  boardingNight: { id: 'svc_demo_boarding_night', priceMinor: 5500 },
  daycareFull: { id: 'svc_demo_daycare_full', priceMinor: 3800 },
  daycareHalf: { id: 'svc_demo_daycare_half', priceMinor: 2400 },
  fullGroom: { id: 'svc_demo_full_groom', priceMinor: 5500 },
  bathBrush: { id: 'svc_demo_bath_brush', priceMinor: 3500 },
  nailTrim: { id: 'svc_demo_nail_trim', priceMinor: 1200 },
  clipFullGroom: { id: 'svc_demo_clip_full_groom', priceMinor: 7000 },
} as const;
const ADD_ON = {
  bath: { id: 'add_demo_bath', priceMinor: 2500 },
  playtime: { id: 'add_demo_playtime', priceMinor: 1000 },
  boardingNails: { id: 'add_demo_boarding_nails', priceMinor: 1500 },
  teeth: { id: 'add_demo_teeth', priceMinor: 800 },
  facial: { id: 'add_demo_facial', priceMinor: 600 },
  deshed: { id: 'add_demo_deshed', priceMinor: 1500 },
  pawBalm: { id: 'add_demo_paw_balm', priceMinor: 500 },
} as const;
const STAFF = {
  maria: 'stf_demo_maria',
  devon: 'stf_demo_devon',
  priya: 'stf_demo_priya',
  tom: 'stf_demo_tom',
  rosa: 'stf_demo_rosa',
} as const;

/** Ids, names and phone numbers of the demo rows, for docs and tests. */
export const DEMO = {
  businesses: {
    /** Happy Tails Boarding & Daycare: boarding + daycare (portal on), Seattle, iDogCam. */
    boarding: 'biz_demo_boarding',
    /** Paddington Grooming Studio: grooming only, beta granted (portal on), London. */
    grooming: 'biz_demo_grooming',
    /** Clip Joint Grooming: grooming only, NO beta (portal "not available yet"), Chicago. */
    groomingNoBeta: 'biz_demo_grooming_nobeta',
  },
  parents: {
    /** Jamie Rivera: clients of Happy Tails and Paddington; every appointment status. */
    jamie: { firstName: 'Jamie', lastName: 'Rivera', phoneE164: '+12065550100', phoneDisplay: '(206) 555-0100' },
    /** Alex Morgan: client of Clip Joint only (a business whose portal is not on yet). */
    alex: { firstName: 'Alex', lastName: 'Morgan', phoneE164: '+442079460001', phoneDisplay: '+44 20 7946 0001' },
    /** Sam Lee: another Happy Tails client, for "someone else's appointment is 404" checks. */
    sam: { firstName: 'Sam', lastName: 'Lee', phoneE164: '+12065550123', phoneDisplay: '(206) 555-0123' },
    /** Dana Whitfield: Harbor Dog Rescue's foster coordinator at Happy Tails; her dogs fill the boarding nights. */
    dana: { firstName: 'Dana', lastName: 'Whitfield', phoneE164: '+12065550145', phoneDisplay: '(206) 555-0145' },
    /** Olivia Hart: a Paddington client whose dogs fill the grooming demo day (so Jamie's lists stay as documented). */
    olivia: { firstName: 'Olivia', lastName: 'Hart', phoneE164: '+442079460245', phoneDisplay: '+44 20 7946 0245' },
  },
  clients: {
    jamieAtBoarding: 'cli_demo_jamie_boarding',
    jamieAtGrooming: 'cli_demo_jamie_grooming',
    alexAtNoBeta: 'cli_demo_alex_nobeta',
    samAtBoarding: 'cli_demo_sam_boarding',
    danaAtBoarding: 'cli_demo_dana_boarding',
    oliviaAtGrooming: 'cli_demo_olivia_grooming',
  },
  pets: {
    /** Happy Tails: golden retriever with one expired, one expiring and one valid vaccination. */
    biscuit: 'pet_demo_biscuit',
    pepper: 'pet_demo_pepper',
    mochi: 'pet_demo_mochi',
    /** Paddington's own record of Biscuit (pets belong to one business's client record). */
    biscuitAtGrooming: 'pet_demo_biscuit_grooming',
    truffle: 'pet_demo_truffle',
    luna: 'pet_demo_luna',
    rocket: 'pet_demo_rocket',
    /** Olivia's dogs at Paddington, groomed on the demo day. */
    bramble: 'pet_demo_bramble',
    pip: 'pet_demo_pip',
    /** Dana's eleven rescue dogs: `pet_demo_rescue_01` … `pet_demo_rescue_11`. */
    rescuePrefix: 'pet_demo_rescue_',
  },
  rescueDogs: 11,
  appointments: {
    requested: 'apt_demo_requested',
    waitlisted: 'apt_demo_waitlisted',
    unconfirmed: 'apt_demo_unconfirmed',
    /** Daycare for two pets, prepaid online. */
    confirmed: 'apt_demo_confirmed',
    /** Boarding stay in progress, pet in camera room "Suite 3": shows "View live camera". */
    checkedIn: 'apt_demo_checked_in',
    readyForPickup: 'apt_demo_ready_for_pickup',
    canceled: 'apt_demo_canceled',
    noShow: 'apt_demo_no_show',
    /** `apt_demo_finished_01` (most recent) … `apt_demo_finished_22` at Happy Tails. */
    finishedPrefix: 'apt_demo_finished_',
    groomConfirmed: 'apt_demo_groom_confirmed',
    /** Grooming request with a deposit paid online. */
    groomRequested: 'apt_demo_groom_requested',
    groomUnconfirmed: 'apt_demo_groom_unconfirmed',
    groomCanceled: 'apt_demo_groom_canceled',
    /** `apt_demo_groom_finished_1` … `_4` at Paddington, all at 09:00 London time. */
    groomFinishedPrefix: 'apt_demo_groom_finished_',
    alexConfirmed: 'apt_demo_nobeta_confirmed',
    samConfirmed: 'apt_demo_other_client',
    /**
     * Happy Tails boarding is FULL (12 of 12) on the nights of the waitlisted stay: Dana's 11
     * rescue dogs plus Sam's Rocket, both confirmed (`demoBookingDates(now).happyTails.fullStay`).
     */
    fullHouseRescue: 'apt_demo_full_house_rescue',
    fullHouseRocket: 'apt_demo_full_house_rocket',
    /** 11 of 12 boarding places taken: one place left (`demoBookingDates(now).happyTails.onePlaceLeftStay`). */
    onePlaceLeft: 'apt_demo_one_place_left',
    /**
     * The demo day at Happy Tails: today on its calendar (`demoBookingDates(now).happyTails.demoDay`,
     * the next open day when today is closed), Dana's rescue dogs at daycare in every status the
     * schedule shows, plus a boarding check-in — next to the checked-in stay and today's pick-up.
     */
    today: {
      requested: 'apt_demo_today_requested',
      waitlisted: 'apt_demo_today_waitlisted',
      unconfirmed: 'apt_demo_today_unconfirmed',
      confirmed: 'apt_demo_today_confirmed',
      checkedIn: 'apt_demo_today_checked_in',
      readyForPickup: 'apt_demo_today_ready_for_pickup',
      finished: 'apt_demo_today_finished',
      noShow: 'apt_demo_today_no_show',
      canceledByBusiness: 'apt_demo_today_canceled_by_business',
      declined: 'apt_demo_today_declined',
      boardingCheckIn: 'apt_demo_today_boarding_check_in',
    },
    /**
     * The grooming side of the demo day, at Paddington (its calendar; today when both groomers
     * work, else the next such day — `demoBookingDates(now).paddington.demoDay`): a per-groomer
     * timeline with Priya and Tom, each visit in its own status.
     */
    groomToday: {
      readyForPickup: 'apt_demo_groom_today_ready',
      checkedIn: 'apt_demo_groom_today_checked_in',
      unconfirmed: 'apt_demo_groom_today_unconfirmed',
      confirmed: 'apt_demo_groom_today_confirmed',
    },
  },
  /** Catalogue ids, for the booking flow and its tests. */
  staff: STAFF,
  services: {
    boardingNight: SERVICE.boardingNight.id,
    daycareFull: SERVICE.daycareFull.id,
    daycareHalf: SERVICE.daycareHalf.id,
    /** Paddington: Priya only (Tom does not do it). */
    fullGroom: SERVICE.fullGroom.id,
    /** Paddington: Priya and Tom. */
    bathBrush: SERVICE.bathBrush.id,
    /** Paddington: Priya and Tom. */
    nailTrim: SERVICE.nailTrim.id,
    clipFullGroom: SERVICE.clipFullGroom.id,
  },
  addOns: {
    bath: ADD_ON.bath.id,
    playtime: ADD_ON.playtime.id,
    boardingNails: ADD_ON.boardingNails.id,
    teeth: ADD_ON.teeth.id,
    facial: ADD_ON.facial.id,
    deshed: ADD_ON.deshed.id,
    pawBalm: ADD_ON.pawBalm.id,
  },
  /**
   * Jamie's store credit at Happy Tails (SPEC §8), newest last: a gift card, credit used on a
   * boarding stay (linked to it), and a refund for a daycare day (linked to it).
   */
  storeCredit: {
    giftCard: 'scr_demo_gift_card',
    usedOnStay: 'scr_demo_used_on_stay',
    refund: 'scr_demo_refund',
    /** $50.00 − $30.00 + $19.00 */
    balanceMinor: 3900,
  },
  /** Happy Tails has packages, memberships and group classes on (SPEC §10); Jamie holds one of each. */
  package: 'pkg_demo_daycare_10',
  membership: 'mem_demo_daycare_club',
  /** The plans staff sell and start from in the console (issue 14); Jamie's package and membership came from them. */
  packagePlans: { daycare10: 'ppl_demo_daycare_10', baths5: 'ppl_demo_baths_5' },
  membershipPlans: { daycareClub: 'mpl_demo_daycare_club', boardingClub: 'mpl_demo_boarding_club' },
  groupClass: 'cls_demo_puppy_manners',
  /** `csn_demo_puppy_manners_1` … `_6`: three past (Biscuit attended 1 and 3), three to come. */
  classSessionPrefix: 'csn_demo_puppy_manners_',
  classSessions: 6,
  classEnrollment: 'enr_demo_biscuit_puppy_manners',
  /** How many finished appointments Jamie has at Happy Tails (History needs > 20 for page 2). */
  finishedAtBoarding: 22,
  finishedAtGrooming: 4,
  idogcam: { feedUrl: 'https://idogcam.example/feeds/happy-tails', accountId: 'idc_demo_happy_tails' },
} as const;

const DEMO_BUSINESS_IDS = Object.values(DEMO.businesses);

const LA = 'America/Los_Angeles';
const LONDON = 'Europe/London';
const CHICAGO = 'America/Chicago';

/** An opening (or working) period on a weekday, 0 = Sunday, business-local `HH:MM`. */
interface DemoPeriod {
  weekday: number;
  opens: string;
  closes: string;
}

const everyDay = (from: number, to: number, opens: string, closes: string): DemoPeriod[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ weekday: from + i, opens, closes }));

/**
 * Online booking settings of the two businesses whose portal is on (SPEC §5), so the booking
 * flow works on the demo and its tests can name what to expect. Clip Joint keeps online
 * booking off and the schema's defaults.
 */
export const DEMO_BOOKING = {
  /** Happy Tails (America/Los_Angeles): boarding and daycare. */
  happyTails: {
    settings: {
      minNoticeHours: 24,
      bookingHorizonDays: 90,
      slotIntervalMinutes: 30,
      maxDaysPerRequest: 14,
      waitlistAllowed: true,
      depositRule: 'percentage',
      /** Basis points: 20 % of the total. */
      depositValue: 2000,
      changePolicy: 'until_hours_before',
      changePolicyHours: 48,
      boardingNightlyCapacity: 12,
      daycareDailyCapacity: 20,
      /** Daycare needs rabies and Bordetella: a request without them is sent marked "vaccination record needed". */
      vaccinationPolicy: 'flag',
    },
    /** Monday–Saturday 07:00–19:00, Sunday 09:00–17:00. */
    hours: [{ weekday: 0, opens: '09:00', closes: '17:00' }, ...everyDay(1, 6, '07:00', '19:00')],
    /** The parent picks a window; its start is the drop-off (pick-up) time. */
    windows: [
      { id: 'win_demo_boarding_drop_off_am', kind: 'drop_off', starts: '07:00', ends: '10:00' },
      { id: 'win_demo_boarding_drop_off_pm', kind: 'drop_off', starts: '16:00', ends: '19:00' },
      { id: 'win_demo_boarding_pick_up_am', kind: 'pick_up', starts: '07:00', ends: '10:00' },
      { id: 'win_demo_boarding_pick_up_pm', kind: 'pick_up', starts: '16:00', ends: '19:00' },
    ],
    /** The next occurrence (today included) of each, on the business's calendar. */
    closedDays: [
      { monthDay: '12-25', reason: 'Christmas Day' },
      { monthDay: '01-01', reason: 'New Year’s Day' },
    ],
  },
  /** Paddington (Europe/London): grooming with two groomers. */
  paddington: {
    settings: {
      minNoticeHours: 12,
      bookingHorizonDays: 60,
      slotIntervalMinutes: 30,
      maxDaysPerRequest: 14,
      waitlistAllowed: false,
      depositRule: 'fixed',
      /** £10.00 */
      depositValue: 1000,
      changePolicy: 'not_allowed',
      changePolicyHours: null,
      boardingNightlyCapacity: 0,
      daycareDailyCapacity: 0,
    },
    /** Tuesday–Saturday 09:00–12:30 and 13:30–17:30 (closed for lunch); closed Sunday and Monday. */
    hours: [...everyDay(2, 6, '09:00', '12:30'), ...everyDay(2, 6, '13:30', '17:30')],
    closedDays: [
      { monthDay: '12-25', reason: 'Christmas Day' },
      { monthDay: '12-26', reason: 'Boxing Day' },
      { monthDay: '01-01', reason: 'New Year’s Day' },
    ],
    /** Priya: Tuesday–Saturday 09:00–17:30. Tom: Wednesday–Saturday 10:00–16:00. */
    schedules: {
      [STAFF.priya]: everyDay(2, 6, '09:00', '17:30'),
      [STAFF.tom]: everyDay(3, 6, '10:00', '16:00'),
    },
    /** Priya does all three services; Tom does not do the full groom. */
    staffServices: {
      [STAFF.priya]: [SERVICE.fullGroom.id, SERVICE.bathBrush.id, SERVICE.nailTrim.id],
      [STAFF.tom]: [SERVICE.bathBrush.id, SERVICE.nailTrim.id],
    },
  },
} as const;

/** A business's calendar as the seed lays visits out on it. */
interface DemoCalendar {
  tz: string;
  /** Closed dates (YYYY-MM-DD) with their reasons. */
  closed: { date: string; reason: string }[];
  /** The local date `offset` days from today. */
  date(offset: number): string;
  /** `time` on the local date `offset` days from today, as epoch ms. */
  at(offset: number, time: string): number;
  /**
   * The first day offset from `offset`, stepping by `step` (+1 later, -1 earlier), that is not a
   * closed date, is one of `weekdays` (when given), and has an opening period containing each
   * span `[from, to]` (a moment is `[t, t]`; both ends inclusive, as drop-off and pick-up are).
   */
  openDay(offset: number, spans: readonly (readonly [string, string])[], step?: 1 | -1, weekdays?: readonly number[]): number;
}

function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

function demoCalendar(now: number, tz: string, hours: readonly DemoPeriod[], closedDays: readonly { monthDay: string; reason: string }[]): DemoCalendar {
  const today = localDateString(now, tz);
  const year = Number(today.slice(0, 4));
  const closed = closedDays
    .map(({ monthDay, reason }) => {
      const thisYear = `${year}-${monthDay}`;
      return { date: thisYear >= today ? thisYear : `${year + 1}-${monthDay}`, reason };
    })
    .sort((a, b) => a.date.localeCompare(b.date));
  const closedSet = new Set(closed.map((c) => c.date));
  const date = (offset: number) => addDays(today, offset);
  return {
    tz,
    closed,
    date,
    at: (offset, time) => zonedDateTimeToUtc(date(offset), time, tz),
    openDay(offset, spans, step = 1, weekdays) {
      for (let candidate = offset, tries = 0; tries < 21; candidate += step, tries++) {
        const day = date(candidate);
        const weekday = weekdayOf(day);
        if (closedSet.has(day) || (weekdays && !weekdays.includes(weekday))) continue;
        const periods = hours.filter((h) => h.weekday === weekday);
        if (spans.every(([from, to]) => periods.some((p) => p.opens <= from && to <= p.closes))) return candidate;
      }
      throw new Error(`No open day near ${date(offset)} in ${tz} for ${JSON.stringify(spans)}`);
    },
  };
}

function happyTailsCalendar(now: number): DemoCalendar {
  return demoCalendar(now, LA, DEMO_BOOKING.happyTails.hours, DEMO_BOOKING.happyTails.closedDays);
}

function paddingtonCalendar(now: number): DemoCalendar {
  return demoCalendar(now, LONDON, DEMO_BOOKING.paddington.hours, DEMO_BOOKING.paddington.closedDays);
}

/** Weekdays every one of `staffIds` works at Paddington. */
function paddingtonWorkdays(...staffIds: (keyof typeof DEMO_BOOKING.paddington.schedules)[]): number[] {
  return [0, 1, 2, 3, 4, 5, 6].filter((weekday) => staffIds.every((id) => DEMO_BOOKING.paddington.schedules[id].some((s) => s.weekday === weekday)));
}

/** A boarding stay as day offsets from today: check-in day and check-out day. */
interface DemoStay {
  checkInOffset: number;
  checkOutOffset: number;
}

/** Check-in at `dropOff` on or after `offset`, check-out at `pickUp` at least `nights` later, both on open days. */
function openStay(cal: DemoCalendar, offset: number, nights: number, dropOff: string, pickUp: string, step: 1 | -1 = 1): DemoStay {
  const checkInOffset = cal.openDay(offset, [[dropOff, dropOff]], step);
  const checkOutOffset = cal.openDay(checkInOffset + nights, [[pickUp, pickUp]]);
  return { checkInOffset, checkOutOffset };
}

/**
 * The dates the demo's booking scenarios sit on, for `now` (the same `now` the seed was given;
 * local dates on each business's calendar). Happy Tails' boarding is full (12 of 12 pets) every
 * night of `fullStay` — where Jamie's waitlisted stay is — and has one place left every night of
 * `onePlaceLeftStay`. Check-in is 08:00, check-out 17:00 for both.
 */
export function demoBookingDates(now: number) {
  const ht = happyTailsCalendar(now);
  const pd = paddingtonCalendar(now);
  const fullStay = openStay(ht, 30, 3, '08:00', '17:00');
  const onePlaceLeftStay = openStay(ht, 45, 2, '08:00', '17:00');
  // Today, unless it is closed (then the next open day); 09:00–17:00 fits Sunday's hours too.
  const demoDayOffset = ht.openDay(0, [['09:00', '17:00']]);
  // Paddington's: a day both groomers work (Wednesday–Saturday), open 11:00–16:20.
  const groomDayOffset = pd.openDay(
    0,
    [
      ['11:00', '12:15'],
      ['13:30', '16:20'],
    ],
    1,
    paddingtonWorkdays(STAFF.priya, STAFF.tom),
  );
  const dates = ({ checkInOffset, checkOutOffset }: DemoStay) => ({
    checkIn: ht.date(checkInOffset),
    checkOut: ht.date(checkOutOffset),
    /** Nights as business-local dates: check-in … the day before check-out. */
    nights: Array.from({ length: checkOutOffset - checkInOffset }, (_, i) => ht.date(checkInOffset + i)),
  });
  return {
    happyTails: {
      closedDates: ht.closed.map((c) => c.date),
      fullStay: { ...fullStay, ...dates(fullStay) },
      onePlaceLeftStay: { ...onePlaceLeftStay, ...dates(onePlaceLeftStay) },
      /** The demo day: appointments in every status (DEMO.appointments.today). */
      demoDay: { offset: demoDayOffset, date: ht.date(demoDayOffset) },
    },
    paddington: { closedDates: pd.closed.map((c) => c.date), demoDay: { offset: groomDayOffset, date: pd.date(groomDayOffset) } },
  };
}

/** One service or add-on line for one pet. */
interface DemoLine {
  item: { id: string; priceMinor: number };
  staffId?: string;
  /** Defaults to 1; boarding nights use the number of nights. */
  quantity?: number;
}

/** One appointment with its pets and their services and add-ons, before it becomes rows. */
interface DemoAppointment {
  id: string;
  businessId: string;
  clientId: string;
  serviceType: ServiceType;
  status: AppointmentStatus;
  startsAt: number;
  endsAt: number;
  notes?: string;
  cancelReason?: string;
  /** A request the business declined (status canceled): the parent reads "Declined by <business>". */
  declinedByBusiness?: boolean;
  /**
   * Paid through online booking. A deposit is exactly the one the business asked for
   * (`depositRequiredMinor`, from its deposit rule), so only online requests have one.
   */
  payment?: { kind: 'prepayment'; minor: number; currency: string } | { kind: 'deposit'; currency: string };
  /** Set on visits requested online: they also record the deposit the business asks for. */
  idempotencyKey?: string;
  pets: { petId: string; cameraRoom?: string; services: DemoLine[]; addOns?: DemoLine[] }[];
}

/**
 * True when the database has no businesses yet: the only state in which the CLI seeds
 * without `--force`.
 */
export async function isDatabaseEmpty(db: SeedDatabase): Promise<boolean> {
  const rows = await db.select({ id: businesses.id }).from(businesses).limit(1);
  return rows.length === 0;
}

/**
 * Writes the demo businesses, clients, pets and appointments in one atomic batch.
 *
 * @param db drizzle over @libsql/client (the caller owns and closes the client).
 * @param now The instant the demo is built around: upcoming and past appointments are laid
 *   out relative to it on each business's calendar.
 * @param options.replaceExisting First delete every row of the demo businesses (same batch),
 *   so re-seeding is idempotent. Without it, seeding twice fails on the primary keys and
 *   writes nothing.
 */
export async function seedDemoData(db: SeedDatabase, now = Date.now(), options: { replaceExisting?: boolean } = {}): Promise<void> {
  const statements: BatchItem<'sqlite'>[] = [...(options.replaceExisting ? deleteDemoStatements(db) : []), ...insertDemoStatements(db, now)];
  const [first, ...rest] = statements;
  if (!first) return;
  await db.batch([first, ...rest]);
}

/** Deletes every row belonging to the demo businesses, children before parents. */
function deleteDemoStatements(db: SeedDatabase): BatchItem<'sqlite'>[] {
  const ofDemo = <T extends { businessId: Parameters<typeof inArray>[0] }>(table: T) => inArray(table.businessId, DEMO_BUSINESS_IDS);
  return [
    // ---- Agreements and signatures (scripts/demo-agreements.ts), before clients. ----
    ...deleteDemoAgreementStatements(db, DEMO_BUSINESS_IDS),
    // Report cards and their photos (scripts/demo-report-cards.ts), before pets and visits.
    ...deleteDemoReportCardStatements(db, DEMO_BUSINESS_IDS),
    db.delete(classAttendance).where(ofDemo(classAttendance)),
    db.delete(classEnrollments).where(ofDemo(classEnrollments)),
    db.delete(classSessions).where(ofDemo(classSessions)),
    db.delete(groupClasses).where(ofDemo(groupClasses)),
    db.delete(schema.packageUses).where(ofDemo(schema.packageUses)),
    db.delete(clientMemberships).where(ofDemo(clientMemberships)),
    db.delete(clientPackages).where(ofDemo(clientPackages)),
    db.delete(schema.packagePlans).where(ofDemo(schema.packagePlans)),
    db.delete(schema.membershipPlans).where(ofDemo(schema.membershipPlans)),
    db.delete(storeCreditTransactions).where(ofDemo(storeCreditTransactions)),
    db.delete(capacityClaims).where(ofDemo(capacityClaims)),
    db.delete(appointmentAddOns).where(ofDemo(appointmentAddOns)),
    db.delete(appointmentServices).where(ofDemo(appointmentServices)),
    db.delete(appointmentPets).where(ofDemo(appointmentPets)),
    db.delete(businessNotifications).where(ofDemo(businessNotifications)),
    db.delete(appointments).where(ofDemo(appointments)),
    db.delete(bookingSubmissions).where(ofDemo(bookingSubmissions)),
    db.delete(petVaccinations).where(ofDemo(petVaccinations)),
    db.delete(pets).where(ofDemo(pets)),
    db.delete(accountClientLinks).where(ofDemo(accountClientLinks)),
    db.delete(clients).where(ofDemo(clients)),
    db.delete(staffServices).where(ofDemo(staffServices)),
    db.delete(staffScheduleExceptions).where(ofDemo(staffScheduleExceptions)),
    db.delete(staffSchedules).where(ofDemo(staffSchedules)),
    db.delete(services).where(ofDemo(services)),
    db.delete(addOns).where(ofDemo(addOns)),
    db.delete(staff).where(ofDemo(staff)),
    db.delete(serviceWindows).where(ofDemo(serviceWindows)),
    db.delete(closedDates).where(ofDemo(closedDates)),
    db.delete(businessHours).where(ofDemo(businessHours)),
    // The console's rows of the demo businesses (their accounts are rewritten by demo-staff.ts).
    db.delete(schema.auditLog).where(ofDemo(schema.auditLog)),
    db.delete(schema.staffMemberships).where(ofDemo(schema.staffMemberships)),
    db.delete(businesses).where(inArray(businesses.id, DEMO_BUSINESS_IDS)),
  ];
}

/** The insert statements for the whole demo, built around `now`. */
function insertDemoStatements(db: SeedDatabase, now: number): BatchItem<'sqlite'>[] {
  const longAgo = new Date(now - 400 * DAY_MS);

  /** `time` on the day `dayOffset` days from today, on `tz`'s calendar. */
  const on = (tz: string) => (dayOffset: number, time: string) => zonedDateTimeToUtc(addDays(localDateString(now, tz), dayOffset), time, tz);
  // Visits sit on open days (not a closed date, within opening hours; grooms on days their
  // groomers work), so the demo looks like what online booking would have offered.
  const ht = happyTailsCalendar(now);
  const pd = paddingtonCalendar(now);
  const scenario = demoBookingDates(now);
  const inSeattle = ht.at;
  const inLondon = pd.at;
  const inChicago = on(CHICAGO);
  /** A calendar date `dayOffset` days from today in Seattle, for vaccination expiries. */
  const seattleDate = (dayOffset: number) => addDays(localDateString(now, LA), dayOffset);
  const londonDate = (dayOffset: number) => addDays(localDateString(now, LONDON), dayOffset);

  const { businesses: B, clients: C, pets: P, appointments: A, parents } = DEMO;

  // ---- Businesses and their catalogues ----
  const businessRows: (typeof businesses.$inferInsert)[] = [
    {
      id: B.boarding,
      name: 'Happy Tails Boarding & Daycare',
      offersBoarding: true,
      offersDaycare: true,
      timeZone: LA,
      country: 'US',
      currency: 'USD',
      locale: 'en-US',
      phone: '+1 206 555 0142',
      address: '1420 Westlake Ave N\nSeattle, WA 98109',
      onlineBookingEnabled: true,
      packagesEnabled: true,
      membershipsEnabled: true,
      groupClassesEnabled: true,
      ...DEMO_BOOKING.happyTails.settings,
      idogcamFeedUrl: DEMO.idogcam.feedUrl,
      idogcamAccountId: DEMO.idogcam.accountId,
      createdAt: longAgo,
    },
    {
      id: B.grooming,
      name: 'Paddington Grooming Studio',
      offersGrooming: true,
      groomingBetaGranted: true,
      timeZone: LONDON,
      country: 'GB',
      currency: 'GBP',
      locale: 'en-GB',
      phone: '+44 20 7946 0155',
      address: '12 Praed Street\nLondon W2 1NJ',
      onlineBookingEnabled: true,
      ...DEMO_BOOKING.paddington.settings,
      createdAt: longAgo,
    },
    {
      id: B.groomingNoBeta,
      name: 'Clip Joint Grooming',
      offersGrooming: true,
      groomingBetaGranted: false,
      timeZone: CHICAGO,
      country: 'US',
      currency: 'USD',
      locale: 'en-US',
      phone: '+1 312 555 0177',
      address: '2210 N Milwaukee Ave\nChicago, IL 60647',
      createdAt: longAgo,
    },
  ];

  const staffRows: (typeof staff.$inferInsert)[] = [
    { id: STAFF.maria, businessId: B.boarding, firstName: 'Maria', lastName: 'Lopez' },
    { id: STAFF.devon, businessId: B.boarding, firstName: 'Devon', lastName: 'Park' },
    { id: STAFF.priya, businessId: B.grooming, firstName: 'Priya', lastName: 'Shah' },
    { id: STAFF.tom, businessId: B.grooming, firstName: 'Tom', lastName: 'Hughes' },
    { id: STAFF.rosa, businessId: B.groomingNoBeta, firstName: 'Rosa', lastName: 'Diaz' },
  ];

  const serviceRows: (typeof services.$inferInsert)[] = [
    { ...SERVICE.boardingNight, businessId: B.boarding, name: 'Overnight boarding', type: 'boarding', durationMinutes: 1440 },
    // Daycare is for dogs only, with rabies and Bordetella valid on the day.
    { ...SERVICE.daycareFull, businessId: B.boarding, name: 'Daycare – full day', type: 'daycare', durationMinutes: 630, ...DAYCARE_RULES },
    { ...SERVICE.daycareHalf, businessId: B.boarding, name: 'Daycare – half day', type: 'daycare', durationMinutes: 300, ...DAYCARE_RULES },
    { ...SERVICE.fullGroom, businessId: B.grooming, name: 'Full groom', type: 'grooming', durationMinutes: 120 },
    { ...SERVICE.bathBrush, businessId: B.grooming, name: 'Bath & brush', type: 'grooming', durationMinutes: 75 },
    { ...SERVICE.nailTrim, businessId: B.grooming, name: 'Nail trim', type: 'grooming', durationMinutes: 20 },
    { ...SERVICE.clipFullGroom, businessId: B.groomingNoBeta, name: 'Full groom', type: 'grooming', durationMinutes: 120 },
  ];

  // serviceType: what an add-on can be booked with (null = any). Extra playtime goes with a
  // boarding stay or a daycare day alike.
  const addOnRows: (typeof addOns.$inferInsert)[] = [
    { ...ADD_ON.bath, businessId: B.boarding, name: 'Bath before going home', serviceType: 'boarding', durationMinutes: 45 },
    { ...ADD_ON.playtime, businessId: B.boarding, name: 'Extra playtime', serviceType: null, durationMinutes: 30 },
    { ...ADD_ON.boardingNails, businessId: B.boarding, name: 'Nail trim', serviceType: 'boarding', durationMinutes: 15 },
    { ...ADD_ON.teeth, businessId: B.grooming, name: 'Teeth cleaning', serviceType: 'grooming', durationMinutes: 10 },
    { ...ADD_ON.facial, businessId: B.grooming, name: 'Blueberry facial', serviceType: 'grooming', durationMinutes: 10 },
    { ...ADD_ON.deshed, businessId: B.grooming, name: 'De-shedding treatment', serviceType: 'grooming', durationMinutes: 30 },
    { ...ADD_ON.pawBalm, businessId: B.groomingNoBeta, name: 'Paw balm', serviceType: 'grooming', durationMinutes: 5 },
  ];

  // ---- Online booking: opening hours, closed dates, drop-off/pick-up windows, groomers ----
  const hourRows: (typeof businessHours.$inferInsert)[] = [
    ...DEMO_BOOKING.happyTails.hours.map((h) => ({ id: `hrs_demo_boarding_${h.weekday}_${h.opens.replace(':', '')}`, businessId: B.boarding, ...h })),
    ...DEMO_BOOKING.paddington.hours.map((h) => ({ id: `hrs_demo_grooming_${h.weekday}_${h.opens.replace(':', '')}`, businessId: B.grooming, ...h })),
  ];
  const closedDateRows: (typeof closedDates.$inferInsert)[] = [
    ...ht.closed.map((c) => ({ businessId: B.boarding, ...c })),
    ...pd.closed.map((c) => ({ businessId: B.grooming, ...c })),
  ];
  const windowRows: (typeof serviceWindows.$inferInsert)[] = DEMO_BOOKING.happyTails.windows.map((w) => ({
    ...w,
    businessId: B.boarding,
  }));
  const scheduleRows: (typeof staffSchedules.$inferInsert)[] = Object.entries(DEMO_BOOKING.paddington.schedules).flatMap(([staffId, periods]) =>
    periods.map((p) => ({
      id: `sch_${staffId.replace(/^stf_/, '')}_${p.weekday}`,
      businessId: B.grooming,
      staffId,
      weekday: p.weekday,
      starts: p.opens,
      ends: p.closes,
    })),
  );
  const staffServiceRows: (typeof staffServices.$inferInsert)[] = [
    ...Object.entries(DEMO_BOOKING.paddington.staffServices).flatMap(([staffId, serviceIds]) =>
      serviceIds.map((serviceId) => ({ staffId, serviceId, businessId: B.grooming })),
    ),
    // Clip Joint takes no online bookings yet, but its one groomer does its one service.
    { staffId: STAFF.rosa, serviceId: SERVICE.clipFullGroom.id, businessId: B.groomingNoBeta },
  ];

  // ---- Clients ----
  const clientRows: (typeof clients.$inferInsert)[] = [
    {
      id: C.jamieAtBoarding,
      businessId: B.boarding,
      ...nameAndPhone(parents.jamie),
      email: 'jamie.rivera@example.com',
      createdAt: new Date(now - 380 * DAY_MS),
    },
    {
      id: C.jamieAtGrooming,
      businessId: B.grooming,
      ...nameAndPhone(parents.jamie),
      email: 'jamie.rivera@example.com',
      createdAt: new Date(now - 200 * DAY_MS),
    },
    { id: C.alexAtNoBeta, businessId: B.groomingNoBeta, ...nameAndPhone(parents.alex), email: null, createdAt: new Date(now - 90 * DAY_MS) },
    { id: C.samAtBoarding, businessId: B.boarding, ...nameAndPhone(parents.sam), email: null, createdAt: new Date(now - 150 * DAY_MS) },
    {
      id: C.danaAtBoarding,
      businessId: B.boarding,
      ...nameAndPhone(parents.dana),
      email: 'dana@harbordogrescue.example',
      createdAt: new Date(now - 240 * DAY_MS),
    },
    {
      id: C.oliviaAtGrooming,
      businessId: B.grooming,
      ...nameAndPhone(parents.olivia),
      email: 'olivia.hart@example.com',
      createdAt: new Date(now - 120 * DAY_MS),
    },
  ];

  // Harbor Dog Rescue's foster dogs (Dana's client record): they fill Happy Tails' boarding nights.
  const rescueDogs: [string, string, 'male' | 'female'][] = [
    ['Ace', 'Labrador mix', 'male'],
    ['Bea', 'Pit bull terrier mix', 'female'],
    ['Cooper', 'Australian Shepherd', 'male'],
    ['Daisy', 'Beagle', 'female'],
    ['Echo', 'German Shepherd mix', 'female'],
    ['Finn', 'Husky mix', 'male'],
    ['Gus', 'Boxer mix', 'male'],
    ['Hazel', 'Terrier mix', 'female'],
    ['Indy', 'Catahoula mix', 'male'],
    ['Juno', 'Greyhound', 'female'],
    ['Kobe', 'Shepherd mix', 'male'],
  ];
  if (rescueDogs.length !== DEMO.rescueDogs) throw new Error('DEMO.rescueDogs is out of date');
  const rescueDogId = (index: number) => `${P.rescuePrefix}${String(index + 1).padStart(2, '0')}`;

  // ---- Pets (SPEC §6: every field filled; photos need an object store the schema has not got) ----
  const petBase = { photoKey: null, createdAt: new Date(now - 370 * DAY_MS) };
  const biscuitProfile = {
    name: 'Biscuit',
    species: 'dog',
    breed: 'Golden Retriever',
    sex: 'male',
    birthday: '2019-04-12',
    weightGrams: 29_500,
    colour: 'Golden',
    spayedNeutered: true,
    medications: 'Apoquel 16 mg with breakfast (seasonal allergies)',
    feeding: '2 cups of his own kibble, morning and evening. No chicken.',
    behaviourNotes: 'Loves every dog he meets; nervous of thunder — a blanket over his crate helps.',
  } as const;
  const petRows: (typeof pets.$inferInsert)[] = [
    {
      ...petBase,
      ...biscuitProfile,
      id: P.biscuit,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      vetName: 'Westlake Animal Hospital',
      vetPhone: '+1 206 555 0163',
    },
    {
      ...petBase,
      id: P.pepper,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      name: 'Pepper',
      species: 'dog',
      breed: 'Border Collie',
      sex: 'female',
      birthday: '2021-08-30',
      weightGrams: 18_100,
      colour: 'Black and white',
      spayedNeutered: true,
      vetName: 'Westlake Animal Hospital',
      vetPhone: '+1 206 555 0163',
      medications: null,
      feeding: '1½ cups of kibble twice a day; a frozen Kong at nap time.',
      behaviourNotes: 'High energy. Herds smaller dogs — best in the big-dog play group.',
    },
    {
      ...petBase,
      id: P.mochi,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      name: 'Mochi',
      species: 'cat',
      breed: 'Domestic Shorthair',
      sex: 'female',
      birthday: '2017-02-03',
      weightGrams: 4_300,
      colour: 'Grey tabby',
      spayedNeutered: true,
      vetName: 'Capitol Hill Cat Clinic',
      vetPhone: '+1 206 555 0171',
      medications: 'Thyroid tablet (methimazole 2.5 mg) twice daily, hidden in a treat',
      feeding: 'Half a pouch of wet food morning and evening; dry food free choice.',
      behaviourNotes: 'Shy at first. Likes a box to hide in and a quiet room away from dogs.',
    },
    {
      ...petBase,
      ...biscuitProfile,
      id: P.biscuitAtGrooming,
      businessId: B.grooming,
      clientId: C.jamieAtGrooming,
      vetName: 'Westlake Animal Hospital',
      vetPhone: '+1 206 555 0163',
      behaviourNotes: 'Happy on the table; dislikes the dryer on his face.',
    },
    {
      ...petBase,
      id: P.truffle,
      businessId: B.grooming,
      clientId: C.jamieAtGrooming,
      name: 'Truffle',
      species: 'dog',
      breed: 'Cockapoo',
      sex: 'female',
      birthday: '2022-05-19',
      weightGrams: 8_200,
      colour: 'Apricot',
      spayedNeutered: false,
      vetName: 'Paddington Vets',
      vetPhone: '+44 20 7946 0188',
      medications: null,
      feeding: 'Not fed at the studio.',
      behaviourNotes: 'Wriggly with nail trims — two people, lots of treats.',
    },
    {
      ...petBase,
      id: P.luna,
      businessId: B.groomingNoBeta,
      clientId: C.alexAtNoBeta,
      name: 'Luna',
      species: 'dog',
      breed: 'Miniature Schnauzer',
      sex: 'female',
      birthday: '2020-11-02',
      weightGrams: 7_400,
      colour: 'Salt and pepper',
      spayedNeutered: true,
      vetName: 'Logan Square Animal Clinic',
      vetPhone: '+1 312 555 0190',
      medications: null,
      feeding: 'Not fed at the salon.',
      behaviourNotes: 'Schnauzer cut with a short skirt, please.',
    },
    {
      ...petBase,
      id: P.rocket,
      businessId: B.boarding,
      clientId: C.samAtBoarding,
      name: 'Rocket',
      species: 'dog',
      breed: 'Jack Russell Terrier',
      sex: 'male',
      birthday: '2020-03-14',
      weightGrams: 6_800,
      colour: 'White and tan',
      spayedNeutered: true,
      vetName: 'Westlake Animal Hospital',
      vetPhone: '+1 206 555 0163',
      medications: null,
      feeding: '¾ cup of kibble twice a day.',
      behaviourNotes: 'Escape artist: double-check the gate.',
    },
    {
      ...petBase,
      id: P.bramble,
      businessId: B.grooming,
      clientId: C.oliviaAtGrooming,
      name: 'Bramble',
      species: 'dog',
      breed: 'Border Terrier',
      sex: 'male',
      birthday: '2019-08-30',
      weightGrams: 6_300,
      colour: 'Grizzle and tan',
      spayedNeutered: true,
      vetName: 'Paddington Vets',
      vetPhone: '+44 20 7946 0188',
      medications: null,
      feeding: 'Not fed at the studio.',
      behaviourNotes: 'Hand-strip, never clip his coat.',
    },
    {
      ...petBase,
      id: P.pip,
      businessId: B.grooming,
      clientId: C.oliviaAtGrooming,
      name: 'Pip',
      species: 'dog',
      breed: 'Miniature Poodle',
      sex: 'female',
      birthday: '2021-02-11',
      weightGrams: 5_100,
      colour: 'Black',
      spayedNeutered: true,
      vetName: 'Paddington Vets',
      vetPhone: '+44 20 7946 0188',
      medications: null,
      feeding: 'Not fed at the studio.',
      behaviourNotes: 'Calm on the table; a short face, please.',
    },
    ...rescueDogs.map(([name, breed, sex], index) => ({
      ...petBase,
      id: rescueDogId(index),
      businessId: B.boarding,
      clientId: C.danaAtBoarding,
      name,
      species: 'dog' as const,
      breed,
      sex,
      behaviourNotes: 'Harbor Dog Rescue foster dog.',
    })),
  ];

  // Biscuit shows all three vaccination states: expired, expiring within 30 days, valid.
  const vaccinationRows: (typeof petVaccinations.$inferInsert)[] = [
    { id: 'vac_demo_biscuit_rabies', businessId: B.boarding, petId: P.biscuit, name: 'Rabies', expiresOn: seattleDate(300) },
    { id: 'vac_demo_biscuit_dhpp', businessId: B.boarding, petId: P.biscuit, name: 'DHPP', expiresOn: seattleDate(12) },
    { id: 'vac_demo_biscuit_bordetella', businessId: B.boarding, petId: P.biscuit, name: 'Bordetella', expiresOn: seattleDate(-20) },
    { id: 'vac_demo_pepper_rabies', businessId: B.boarding, petId: P.pepper, name: 'Rabies', expiresOn: seattleDate(540) },
    { id: 'vac_demo_pepper_dhpp', businessId: B.boarding, petId: P.pepper, name: 'DHPP', expiresOn: seattleDate(200) },
    { id: 'vac_demo_pepper_bordetella', businessId: B.boarding, petId: P.pepper, name: 'Bordetella', expiresOn: seattleDate(150) },
    { id: 'vac_demo_mochi_rabies', businessId: B.boarding, petId: P.mochi, name: 'Rabies', expiresOn: seattleDate(400) },
    { id: 'vac_demo_mochi_fvrcp', businessId: B.boarding, petId: P.mochi, name: 'FVRCP', expiresOn: seattleDate(25) },
    { id: 'vac_demo_biscuit_groom_rabies', businessId: B.grooming, petId: P.biscuitAtGrooming, name: 'Rabies', expiresOn: londonDate(300) },
    { id: 'vac_demo_truffle_dhp', businessId: B.grooming, petId: P.truffle, name: 'DHP', expiresOn: londonDate(-5) },
    { id: 'vac_demo_truffle_lepto', businessId: B.grooming, petId: P.truffle, name: 'Leptospirosis', expiresOn: londonDate(90) },
    { id: 'vac_demo_luna_rabies', businessId: B.groomingNoBeta, petId: P.luna, name: 'Rabies', expiresOn: addDays(localDateString(now, CHICAGO), 220) },
    { id: 'vac_demo_bramble_dhp', businessId: B.grooming, petId: P.bramble, name: 'DHP', expiresOn: londonDate(210) },
    { id: 'vac_demo_pip_dhp', businessId: B.grooming, petId: P.pip, name: 'DHP', expiresOn: londonDate(60) },
    { id: 'vac_demo_rocket_rabies', businessId: B.boarding, petId: P.rocket, name: 'Rabies', expiresOn: seattleDate(180) },
  ];

  // ---- Appointments ----
  const boarding = (nights: number, extra: Omit<DemoLine, 'item' | 'quantity'> = {}): DemoLine => ({
    item: SERVICE.boardingNight,
    quantity: nights,
    ...extra,
  });
  const daycare: DemoLine = { item: SERVICE.daycareFull };
  const nightsOf = (stay: DemoStay) => stay.checkOutOffset - stay.checkInOffset;

  // Happy Tails' days, shifted off closed dates and out of Sunday's shorter hours when needed.
  const requestedStay = openStay(ht, 14, 3, '08:00', '17:00');
  const unconfirmedStay = openStay(ht, 7, 2, '10:00', '16:00');
  const daycareDay = ht.openDay(4, [['07:30', '18:00']]);
  const checkedInStay = {
    checkInOffset: ht.openDay(-2, [['08:00', '08:00']], -1),
    checkOutOffset: ht.openDay(2, [['17:00', '17:00']]),
  };
  // Checked in before the stay ready for pick-up today, so Upcoming keeps its order.
  const readyStay = {
    checkInOffset: ht.openDay(checkedInStay.checkInOffset - 1, [['10:00', '10:00']], -1),
    checkOutOffset: ht.openDay(0, [['12:00', '12:00']]),
  };
  const canceledStay = openStay(ht, 10, 2, '08:00', '17:00');
  const noShowDay = ht.openDay(-12, [['07:30', '18:00']], -1);
  const { fullStay, onePlaceLeftStay } = scenario.happyTails;

  // Paddington's days: open, and a day every groomer of the visit works.
  const priyaDays = paddingtonWorkdays(STAFF.priya);
  const tomDays = paddingtonWorkdays(STAFF.tom);
  const groomConfirmedDay = pd.openDay(3, [['09:00', '11:00']], 1, priyaDays);
  const groomRequestedDay = pd.openDay(Math.max(8, groomConfirmedDay + 1), [['09:00', '10:15']], 1, priyaDays);
  const groomUnconfirmedDay = pd.openDay(15, [['14:30', '14:50']], 1, tomDays);
  const groomCanceledDay = pd.openDay(-20, [['09:00', '10:15']], -1, tomDays);

  /**
   * The demo day (today at Happy Tails): one of Dana's rescue dogs per status at daycare, and
   * one checking in for two nights. Each dog has only this visit that day, so nothing overlaps;
   * claims come from the statuses as the booking lock records them (capacityClaimRows).
   */
  function demoDayAtHappyTails(): DemoAppointment[] {
    const day = scenario.happyTails.demoDay.offset;
    const T = A.today;
    const dana = { businessId: B.boarding, clientId: C.danaAtBoarding };
    const atDaycare = (index: number, id: string, status: AppointmentStatus, extra: Partial<DemoAppointment> = {}, from = '09:00', to = '17:00') => ({
      id,
      ...dana,
      serviceType: 'daycare' as const,
      status,
      startsAt: inSeattle(day, from),
      endsAt: inSeattle(day, to),
      pets: [{ petId: rescueDogId(index), services: [daycare] }],
      ...extra,
    });
    const checkOut = ht.openDay(day + 2, [['16:00', '16:00']]);
    return [
      atDaycare(0, T.requested, 'requested', { notes: 'Asked this morning: can Ace join today?' }),
      atDaycare(1, T.waitlisted, 'waitlisted', { notes: 'On the waitlist in case the play group is too big.' }),
      atDaycare(2, T.unconfirmed, 'unconfirmed'),
      atDaycare(3, T.confirmed, 'confirmed'),
      atDaycare(4, T.checkedIn, 'checked_in', { pets: [{ petId: rescueDogId(4), cameraRoom: 'Play Yard', services: [daycare] }] }),
      atDaycare(5, T.readyForPickup, 'ready_for_pickup', {}, '09:00', '13:00'),
      atDaycare(6, T.finished, 'finished', {}, '09:00', '12:00'),
      atDaycare(7, T.noShow, 'no_show'),
      atDaycare(8, T.canceledByBusiness, 'canceled', { cancelReason: 'Our play yard is closed for repairs today. Sorry!' }),
      atDaycare(9, T.declined, 'canceled', {
        declinedByBusiness: true,
        cancelReason: 'Juno needs her Bordetella record on file before she can join the group.',
      }),
      {
        id: T.boardingCheckIn,
        ...dana,
        serviceType: 'boarding',
        status: 'confirmed',
        startsAt: inSeattle(day, '16:00'),
        endsAt: inSeattle(checkOut, '16:00'),
        notes: 'Checking in this afternoon.',
        pets: [{ petId: rescueDogId(10), services: [boarding(checkOut - day)] }],
      },
    ];
  }

  /** The grooming demo day at Paddington: Priya's and Tom's visits, none overlapping a groomer or a pet. */
  function demoDayAtPaddington(): DemoAppointment[] {
    const day = scenario.paddington.demoDay.offset;
    const G = A.groomToday;
    // Olivia's dogs, not Jamie's: Jamie's Paddington lists are what the portal's tests and docs describe.
    const olivia = { businessId: B.grooming, clientId: C.oliviaAtGrooming, serviceType: 'grooming' as const };
    const visit = (
      id: string,
      status: AppointmentStatus,
      from: string,
      to: string,
      petId: string,
      item: { id: string; priceMinor: number },
      staffId: string,
    ) => ({
      id,
      ...olivia,
      status,
      startsAt: inLondon(day, from),
      endsAt: inLondon(day, to),
      pets: [{ petId, services: [{ item, staffId }] }],
    });
    return [
      visit(G.readyForPickup, 'ready_for_pickup', '11:00', '12:15', P.pip, SERVICE.bathBrush, STAFF.tom),
      visit(G.checkedIn, 'checked_in', '13:30', '15:30', P.bramble, SERVICE.fullGroom, STAFF.priya),
      visit(G.unconfirmed, 'unconfirmed', '15:40', '16:00', P.bramble, SERVICE.nailTrim, STAFF.tom),
      visit(G.confirmed, 'confirmed', '16:00', '16:20', P.pip, SERVICE.nailTrim, STAFF.priya),
    ];
  }

  const visits: DemoAppointment[] = [
    // Happy Tails (Seattle): one appointment in every status.
    {
      id: A.requested,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      serviceType: 'boarding',
      status: 'requested',
      startsAt: inSeattle(requestedStay.checkInOffset, '08:00'),
      endsAt: inSeattle(requestedStay.checkOutOffset, '17:00'),
      notes: 'Requested online. Pepper needs her Kong at nap time.',
      payment: { kind: 'deposit', currency: 'USD' },
      idempotencyKey: 'demo-request-pepper-boarding',
      pets: [
        {
          petId: P.pepper,
          services: [boarding(nightsOf(requestedStay))],
          addOns: [{ item: ADD_ON.bath, staffId: STAFF.devon }],
        },
      ],
    },
    {
      id: A.waitlisted,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      serviceType: 'boarding',
      status: 'waitlisted',
      startsAt: inSeattle(fullStay.checkInOffset, '08:00'),
      endsAt: inSeattle(fullStay.checkOutOffset, '17:00'),
      notes: 'Those nights are full; we will confirm if a suite opens up.',
      idempotencyKey: 'demo-request-biscuit-holiday',
      pets: [{ petId: P.biscuit, services: [boarding(nightsOf(fullStay))] }],
    },
    {
      id: A.unconfirmed,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      serviceType: 'boarding',
      status: 'unconfirmed',
      startsAt: inSeattle(unconfirmedStay.checkInOffset, '10:00'),
      endsAt: inSeattle(unconfirmedStay.checkOutOffset, '16:00'),
      pets: [{ petId: P.mochi, services: [boarding(nightsOf(unconfirmedStay))] }],
    },
    {
      id: A.confirmed,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      serviceType: 'daycare',
      status: 'confirmed',
      startsAt: inSeattle(daycareDay, '07:30'),
      endsAt: inSeattle(daycareDay, '18:00'),
      notes: 'Booked online for both dogs.',
      payment: { kind: 'prepayment', minor: 2 * SERVICE.daycareFull.priceMinor, currency: 'USD' },
      idempotencyKey: 'demo-request-daycare-both',
      pets: [
        { petId: P.biscuit, services: [daycare] },
        { petId: P.pepper, services: [daycare], addOns: [{ item: ADD_ON.playtime }] },
      ],
    },
    {
      id: A.checkedIn,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      serviceType: 'boarding',
      status: 'checked_in',
      startsAt: inSeattle(checkedInStay.checkInOffset, '08:00'),
      endsAt: inSeattle(checkedInStay.checkOutOffset, '17:00'),
      notes: 'Pick-up after 5 PM on the last day.',
      pets: [
        {
          petId: P.biscuit,
          cameraRoom: 'Suite 3',
          services: [boarding(nightsOf(checkedInStay))],
          addOns: [
            { item: ADD_ON.playtime, quantity: nightsOf(checkedInStay) },
            { item: ADD_ON.bath, staffId: STAFF.devon },
          ],
        },
      ],
    },
    {
      id: A.readyForPickup,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      serviceType: 'boarding',
      status: 'ready_for_pickup',
      startsAt: inSeattle(readyStay.checkInOffset, '10:00'),
      endsAt: inSeattle(readyStay.checkOutOffset, '12:00'),
      notes: 'Mochi is packed up and waiting at the front desk.',
      pets: [{ petId: P.mochi, cameraRoom: 'Cat Condo 2', services: [boarding(nightsOf(readyStay))] }],
    },
    {
      id: A.canceled,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      serviceType: 'boarding',
      status: 'canceled',
      startsAt: inSeattle(canceledStay.checkInOffset, '08:00'),
      endsAt: inSeattle(canceledStay.checkOutOffset, '17:00'),
      cancelReason: 'Canceled by the client',
      idempotencyKey: 'demo-request-biscuit-canceled',
      pets: [{ petId: P.biscuit, services: [boarding(nightsOf(canceledStay))] }],
    },
    {
      id: A.noShow,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      serviceType: 'daycare',
      status: 'no_show',
      startsAt: inSeattle(noShowDay, '07:30'),
      endsAt: inSeattle(noShowDay, '18:00'),
      pets: [{ petId: P.pepper, services: [daycare] }],
    },
    ...finishedAtHappyTails(),
    ...demoDayAtHappyTails(),
    {
      id: A.samConfirmed,
      businessId: B.boarding,
      clientId: C.samAtBoarding,
      serviceType: 'daycare',
      status: 'confirmed',
      startsAt: inSeattle(daycareDay, '07:30'),
      endsAt: inSeattle(daycareDay, '18:00'),
      pets: [{ petId: P.rocket, services: [daycare] }],
    },
    // Boarding full (12 of 12) on the nights of Jamie's waitlisted stay, and one place left later.
    {
      id: A.fullHouseRescue,
      businessId: B.boarding,
      clientId: C.danaAtBoarding,
      serviceType: 'boarding',
      status: 'confirmed',
      startsAt: inSeattle(fullStay.checkInOffset, '08:00'),
      endsAt: inSeattle(fullStay.checkOutOffset, '17:00'),
      notes: 'Harbor Dog Rescue: foster dogs staying while their foster families travel.',
      pets: rescueDogs.map((_, index) => ({ petId: rescueDogId(index), services: [boarding(nightsOf(fullStay))] })),
    },
    {
      id: A.fullHouseRocket,
      businessId: B.boarding,
      clientId: C.samAtBoarding,
      serviceType: 'boarding',
      status: 'confirmed',
      startsAt: inSeattle(fullStay.checkInOffset, '08:00'),
      endsAt: inSeattle(fullStay.checkOutOffset, '17:00'),
      pets: [{ petId: P.rocket, services: [boarding(nightsOf(fullStay))] }],
    },
    {
      id: A.onePlaceLeft,
      businessId: B.boarding,
      clientId: C.danaAtBoarding,
      serviceType: 'boarding',
      status: 'confirmed',
      startsAt: inSeattle(onePlaceLeftStay.checkInOffset, '08:00'),
      endsAt: inSeattle(onePlaceLeftStay.checkOutOffset, '17:00'),
      notes: 'Harbor Dog Rescue: adoption event weekend.',
      pets: rescueDogs.map((_, index) => ({ petId: rescueDogId(index), services: [boarding(nightsOf(onePlaceLeftStay))] })),
    },

    // Paddington (London): grooming at 09:00 local time, per-pet services, add-ons and groomers.
    {
      id: A.groomConfirmed,
      businessId: B.grooming,
      clientId: C.jamieAtGrooming,
      serviceType: 'grooming',
      status: 'confirmed',
      startsAt: inLondon(groomConfirmedDay, '09:00'),
      endsAt: inLondon(groomConfirmedDay, '11:00'),
      pets: [
        {
          petId: P.biscuitAtGrooming,
          services: [{ item: SERVICE.fullGroom, staffId: STAFF.priya }],
          addOns: [{ item: ADD_ON.facial, staffId: STAFF.priya }],
        },
      ],
    },
    {
      id: A.groomRequested,
      businessId: B.grooming,
      clientId: C.jamieAtGrooming,
      serviceType: 'grooming',
      status: 'requested',
      startsAt: inLondon(groomRequestedDay, '09:00'),
      endsAt: inLondon(groomRequestedDay, '10:15'),
      notes: 'Requested online; the first slot of the day suits best.',
      payment: { kind: 'deposit', currency: 'GBP' },
      idempotencyKey: 'demo-request-truffle-bath',
      pets: [{ petId: P.truffle, services: [{ item: SERVICE.bathBrush, staffId: STAFF.priya }] }],
    },
    {
      id: A.groomUnconfirmed,
      businessId: B.grooming,
      clientId: C.jamieAtGrooming,
      serviceType: 'grooming',
      status: 'unconfirmed',
      startsAt: inLondon(groomUnconfirmedDay, '14:30'),
      endsAt: inLondon(groomUnconfirmedDay, '14:50'),
      pets: [{ petId: P.biscuitAtGrooming, services: [{ item: SERVICE.nailTrim, staffId: STAFF.tom }] }],
    },
    {
      id: A.groomCanceled,
      businessId: B.grooming,
      clientId: C.jamieAtGrooming,
      serviceType: 'grooming',
      status: 'canceled',
      startsAt: inLondon(groomCanceledDay, '09:00'),
      endsAt: inLondon(groomCanceledDay, '10:15'),
      cancelReason: 'Our groomer was unwell — we will call you to rebook.',
      pets: [{ petId: P.truffle, services: [{ item: SERVICE.bathBrush, staffId: STAFF.tom }] }],
    },
    ...finishedAtPaddington(),
    ...demoDayAtPaddington(),

    // Clip Joint (Chicago): portal not on yet, but the data is there.
    {
      id: A.alexConfirmed,
      businessId: B.groomingNoBeta,
      clientId: C.alexAtNoBeta,
      serviceType: 'grooming',
      status: 'confirmed',
      startsAt: inChicago(6, '10:00'),
      endsAt: inChicago(6, '12:00'),
      pets: [
        {
          petId: P.luna,
          services: [{ item: SERVICE.clipFullGroom, staffId: STAFF.rosa }],
          addOns: [{ item: ADD_ON.pawBalm, staffId: STAFF.rosa }],
        },
      ],
    },
  ];

  /** 22 finished visits, about weekly going back: mostly daycare, every fourth a 3-night stay. */
  function finishedAtHappyTails(): DemoAppointment[] {
    return Array.from({ length: DEMO.finishedAtBoarding }, (_, index) => {
      const number = index + 1;
      const dayOffset = -3 - 6 * number;
      const base = {
        id: `${A.finishedPrefix}${String(number).padStart(2, '0')}`,
        businessId: B.boarding,
        clientId: C.jamieAtBoarding,
        status: 'finished' as const,
      };
      if (number % 4 === 0) {
        const stay = openStay(ht, dayOffset, 3, '08:00', '17:00', -1);
        return {
          ...base,
          serviceType: 'boarding' as const,
          startsAt: inSeattle(stay.checkInOffset, '08:00'),
          endsAt: inSeattle(stay.checkOutOffset, '17:00'),
          pets: [
            {
              petId: number % 8 === 0 ? P.mochi : P.biscuit,
              cameraRoom: number % 8 === 0 ? 'Cat Condo 2' : 'Suite 3',
              services: [boarding(nightsOf(stay))],
              addOns: number % 8 === 0 ? [] : [{ item: ADD_ON.bath, staffId: STAFF.devon }],
            },
          ],
        };
      }
      const bothDogs = number % 3 === 0;
      const day = ht.openDay(dayOffset, [['07:30', '18:00']], -1);
      return {
        ...base,
        serviceType: 'daycare' as const,
        startsAt: inSeattle(day, '07:30'),
        endsAt: inSeattle(day, '18:00'),
        notes: number === 1 ? 'Great day — Biscuit made a new friend in the pool.' : undefined,
        pets: bothDogs
          ? [
              { petId: P.biscuit, services: [daycare] },
              { petId: P.pepper, services: [daycare] },
            ]
          : [{ petId: number % 2 === 0 ? P.pepper : P.biscuit, services: [daycare] }],
      };
    });
  }

  /**
   * Four finished grooms at 09:00 London time, six weeks apart; the second had both dogs. The
   * fourth was a full groom by Tom, who no longer does full grooms: "Book again" on it meets a
   * groomer who does not do that service.
   */
  function finishedAtPaddington(): DemoAppointment[] {
    return Array.from({ length: DEMO.finishedAtGrooming }, (_, index) => {
      const number = index + 1;
      const groomers = number === 2 ? [STAFF.priya, STAFF.tom] : number === 4 ? [STAFF.tom] : [STAFF.priya];
      const ends = number === 2 ? '11:15' : '11:00';
      const dayOffset = pd.openDay(-42 * number + 7, [['09:00', ends]], -1, paddingtonWorkdays(...groomers));
      return {
        id: `${A.groomFinishedPrefix}${number}`,
        businessId: B.grooming,
        clientId: C.jamieAtGrooming,
        serviceType: 'grooming' as const,
        status: 'finished' as const,
        startsAt: inLondon(dayOffset, '09:00'),
        endsAt: inLondon(dayOffset, ends),
        pets:
          number === 2
            ? [
                {
                  petId: P.biscuitAtGrooming,
                  services: [{ item: SERVICE.fullGroom, staffId: STAFF.priya }],
                  addOns: [{ item: ADD_ON.teeth, staffId: STAFF.priya }],
                },
                {
                  petId: P.truffle,
                  services: [
                    { item: SERVICE.bathBrush, staffId: STAFF.tom },
                    { item: SERVICE.nailTrim, staffId: STAFF.tom },
                  ],
                  addOns: [{ item: ADD_ON.deshed, staffId: STAFF.tom }],
                },
              ]
            : [
                {
                  petId: P.biscuitAtGrooming,
                  services: [{ item: SERVICE.fullGroom, staffId: number === 4 ? STAFF.tom : STAFF.priya }],
                  addOns: number === 3 ? [{ item: ADD_ON.facial, staffId: STAFF.priya }] : [],
                },
              ],
      };
    });
  }

  const businessById = new Map(businessRows.map((b) => [b.id, b]));
  const rows = appointmentRows(visits, now, businessById);
  const claimRows = capacityClaimRows(visits, businessById);

  // ---- Store credit, packages, memberships, classes (SPEC §8, §10), Jamie at Happy Tails ----
  const visitById = (id: string) => {
    const visit = visits.find((v) => v.id === id);
    if (!visit) throw new Error(`No demo visit ${id}`);
    return visit;
  };
  const creditStay = visitById(`${A.finishedPrefix}04`);
  const refundedDay = visitById(`${A.finishedPrefix}01`);
  const jamieHT = { businessId: B.boarding, clientId: C.jamieAtBoarding, currency: 'USD' };
  const creditRows: (typeof storeCreditTransactions.$inferInsert)[] = [
    { id: DEMO.storeCredit.giftCard, ...jamieHT, amountMinor: 5000, reason: 'Gift card redeemed', appointmentId: null, createdAt: new Date(now - 60 * DAY_MS) },
    {
      id: DEMO.storeCredit.usedOnStay,
      ...jamieHT,
      amountMinor: -3000,
      reason: 'Used toward boarding',
      appointmentId: creditStay.id,
      createdAt: new Date(creditStay.endsAt),
    },
    {
      id: DEMO.storeCredit.refund,
      ...jamieHT,
      amountMinor: 1900,
      reason: 'Refund: picked up at noon (half day)',
      appointmentId: refundedDay.id,
      createdAt: new Date(refundedDay.endsAt + 3_600_000),
    },
  ];
  const packageRows: (typeof clientPackages.$inferInsert)[] = [
    {
      id: DEMO.package,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      name: '10-day daycare pack',
      covers: 'Full-day daycare, one pet per day',
      totalQuantity: 10,
      remainingQuantity: 6,
      purchasedOn: seattleDate(-45),
      expiresOn: seattleDate(140),
      planId: DEMO.packagePlans.daycare10,
      priceMinor: 39000,
    },
  ];
  const membershipRows: (typeof clientMemberships.$inferInsert)[] = [
    {
      id: DEMO.membership,
      businessId: B.boarding,
      clientId: C.jamieAtBoarding,
      planName: 'Daycare Club',
      status: 'active',
      perks: '10% off boarding\nA free nail trim every month',
      priceMinor: 4900,
      currency: 'USD',
      period: 'month',
      nextRenewalOn: seattleDate(12),
      planId: DEMO.membershipPlans.daycareClub,
      startedOn: seattleDate(-19),
    },
  ];
  // Weekly at 18:00–19:00 on open days: three past, three to come.
  const classSessionRows: (typeof classSessions.$inferInsert)[] = [-21, -14, -7, 7, 14, 21].map((offset, index) => {
    const day = ht.openDay(offset, [['18:00', '19:00']], offset < 0 ? -1 : 1);
    return {
      id: `${DEMO.classSessionPrefix}${index + 1}`,
      businessId: B.boarding,
      classId: DEMO.groupClass,
      startsAt: new Date(inSeattle(day, '18:00')),
      endsAt: new Date(inSeattle(day, '19:00')),
    };
  });

  // ---- What the businesses were told (SPEC §11) ----
  const notificationRows: (typeof businessNotifications.$inferInsert)[] = [
    {
      id: 'ntf_demo_boarding_request',
      businessId: B.boarding,
      kind: 'new_request',
      clientId: C.jamieAtBoarding,
      appointmentId: A.requested,
      summary: `Jamie Rivera requested boarding for Pepper from ${formatDate(inSeattle(requestedStay.checkInOffset, '08:00'), LA, 'en-US')}.`,
      createdAt: new Date(now - 2 * DAY_MS),
    },
    // The demo day's requests arrived this morning: unread in the console.
    {
      id: 'ntf_demo_today_request',
      businessId: B.boarding,
      kind: 'new_request',
      clientId: C.danaAtBoarding,
      appointmentId: A.today.requested,
      summary: `Dana Whitfield requested daycare for Ace on ${formatDate(inSeattle(scenario.happyTails.demoDay.offset, '09:00'), LA, 'en-US')}.`,
      createdAt: new Date(now - 3 * 3_600_000),
    },
    {
      id: 'ntf_demo_today_waitlisted',
      businessId: B.boarding,
      kind: 'new_request',
      clientId: C.danaAtBoarding,
      appointmentId: A.today.waitlisted,
      summary: `Dana Whitfield requested daycare for Bea on ${formatDate(inSeattle(scenario.happyTails.demoDay.offset, '09:00'), LA, 'en-US')} (waitlisted).`,
      createdAt: new Date(now - 2 * 3_600_000),
    },
    {
      id: 'ntf_demo_grooming_request',
      businessId: B.grooming,
      kind: 'new_request',
      clientId: C.jamieAtGrooming,
      appointmentId: A.groomRequested,
      summary: `Jamie Rivera requested a bath & brush for Truffle on ${formatDate(inLondon(groomRequestedDay, '09:00'), LONDON, 'en-GB')}.`,
      createdAt: new Date(now - DAY_MS),
    },
  ];

  return [
    db.insert(businesses).values(businessRows),
    db.insert(businessHours).values(hourRows),
    db.insert(closedDates).values(closedDateRows),
    db.insert(serviceWindows).values(windowRows),
    db.insert(staff).values(staffRows),
    db.insert(staffSchedules).values(scheduleRows),
    db.insert(services).values(serviceRows),
    db.insert(staffServices).values(staffServiceRows),
    db.insert(addOns).values(addOnRows),
    db.insert(clients).values(clientRows),
    db.insert(pets).values(petRows),
    db.insert(petVaccinations).values(vaccinationRows),
    db.insert(appointments).values(rows.appointments),
    db.insert(appointmentPets).values(rows.appointmentPets),
    db.insert(appointmentServices).values(rows.appointmentServices),
    db.insert(appointmentAddOns).values(rows.appointmentAddOns),
    db.insert(capacityClaims).values(claimRows),
    db.insert(businessNotifications).values(notificationRows),
    db.insert(storeCreditTransactions).values(creditRows),
    db.insert(schema.packagePlans).values([
      {
        id: DEMO.packagePlans.daycare10,
        businessId: B.boarding,
        name: '10-day daycare pack',
        covers: 'Full-day daycare, one pet per day',
        serviceType: 'daycare',
        quantity: 10,
        priceMinor: 39000,
        validityDays: 185,
        createdAt: new Date(now - 90 * 86_400_000),
      },
      {
        id: DEMO.packagePlans.baths5,
        businessId: B.boarding,
        name: '5 baths',
        covers: 'A bath and brush-out, any size',
        serviceType: null,
        quantity: 5,
        priceMinor: 12000,
        validityDays: null,
        createdAt: new Date(now - 90 * 86_400_000),
      },
    ]),
    db.insert(schema.membershipPlans).values([
      {
        id: DEMO.membershipPlans.daycareClub,
        businessId: B.boarding,
        name: 'Daycare Club',
        perks: '10% off boarding\nA free nail trim every month',
        priceMinor: 4900,
        period: 'month',
        createdAt: new Date(now - 90 * 86_400_000),
      },
      {
        id: DEMO.membershipPlans.boardingClub,
        businessId: B.boarding,
        name: 'Boarding Club',
        perks: 'Priority at holidays',
        priceMinor: 9900,
        period: 'year',
        createdAt: new Date(now - 90 * 86_400_000),
      },
    ]),
    db.insert(clientPackages).values(packageRows),
    db.insert(clientMemberships).values(membershipRows),
    db.insert(groupClasses).values({
      id: DEMO.groupClass,
      businessId: B.boarding,
      name: 'Puppy Manners',
      description: 'Six weekly evening sessions: sit, stay, come when called and loose-leash walking.',
      capacity: 8,
    }),
    db.insert(classSessions).values(classSessionRows),
    db.insert(classEnrollments).values({
      id: DEMO.classEnrollment,
      businessId: B.boarding,
      classId: DEMO.groupClass,
      clientId: C.jamieAtBoarding,
      petId: P.biscuit,
      enrolledAt: new Date(now - 30 * DAY_MS),
    }),
    db
      .insert(classAttendance)
      .values([1, 3].map((n) => ({ enrollmentId: DEMO.classEnrollment, sessionId: `${DEMO.classSessionPrefix}${n}`, businessId: B.boarding }))),
    // Report cards and their photos (scripts/demo-report-cards.ts).
    ...insertDemoReportCardStatements(db, (id) => visitById(id).endsAt),
    // ---- Agreements: one signed by Jamie on an old version with a newer one to sign (scripts/demo-agreements.ts). ----
    ...insertDemoAgreementStatements(db, now),
  ];
}

type DemoBusiness = typeof businesses.$inferInsert;

/** What a visit's services and add-ons cost in total, minor units. */
function visitTotalMinor(visit: DemoAppointment): number {
  const lines = visit.pets.flatMap((pet) => [...pet.services, ...(pet.addOns ?? [])]);
  return lines.reduce((sum, line) => sum + line.item.priceMinor * (line.quantity ?? 1), 0);
}

/** Turns appointment descriptions into rows of the four appointment tables. */
function appointmentRows(visits: DemoAppointment[], now: number, businessById: ReadonlyMap<string, DemoBusiness>) {
  const result = {
    appointments: [] as (typeof appointments.$inferInsert)[],
    appointmentPets: [] as (typeof appointmentPets.$inferInsert)[],
    appointmentServices: [] as (typeof appointmentServices.$inferInsert)[],
    appointmentAddOns: [] as (typeof appointmentAddOns.$inferInsert)[],
  };
  for (const visit of visits) {
    // Booked two weeks before it started (or two weeks ago, for ones still ahead).
    const createdAt = Math.min(visit.startsAt, now) - 14 * DAY_MS;
    const closed = visit.status === 'finished' || visit.status === 'canceled' || visit.status === 'no_show';
    // Requested online: the deposit the business's rule asks for (SPEC §5 review step).
    const business = businessById.get(visit.businessId);
    const depositRequired =
      visit.idempotencyKey && business
        ? depositFor({ rule: business.depositRule ?? 'none', value: business.depositValue ?? 0, totalMinor: visitTotalMinor(visit) })
        : null;
    if (visit.payment?.kind === 'deposit' && !depositRequired) {
      throw new Error(`${visit.id}: a deposit paid online needs an online request with a deposit rule`);
    }
    const paidMinor = visit.payment?.kind === 'deposit' ? depositRequired : (visit.payment?.minor ?? null);
    result.appointments.push({
      id: visit.id,
      businessId: visit.businessId,
      clientId: visit.clientId,
      serviceType: visit.serviceType,
      status: visit.status,
      startsAt: new Date(visit.startsAt),
      endsAt: new Date(visit.endsAt),
      notes: visit.notes ?? null,
      cancelReason: visit.cancelReason ?? null,
      declinedByBusiness: visit.declinedByBusiness ?? false,
      onlinePaymentKind: visit.payment?.kind ?? null,
      onlinePaymentMinor: paidMinor,
      onlinePaymentCurrency: visit.payment?.currency ?? null,
      idempotencyKey: visit.idempotencyKey ?? null,
      depositRequiredMinor: depositRequired,
      createdAt: new Date(createdAt),
      updatedAt: new Date(closed ? Math.max(createdAt, Math.min(visit.endsAt, now)) : createdAt),
    });
    const visitSuffix = visit.id.replace(/^apt_/, '');
    for (const pet of visit.pets) {
      const appointmentPetId = `ap_${visitSuffix}_${pet.petId.replace(/^pet_demo_/, '')}`;
      result.appointmentPets.push({
        id: appointmentPetId,
        businessId: visit.businessId,
        appointmentId: visit.id,
        petId: pet.petId,
        cameraRoom: pet.cameraRoom ?? null,
      });
      for (const [index, line] of pet.services.entries()) {
        result.appointmentServices.push({
          id: `${appointmentPetId}_svc${index + 1}`,
          businessId: visit.businessId,
          appointmentPetId,
          serviceId: line.item.id,
          staffId: line.staffId ?? null,
          priceMinor: line.item.priceMinor * (line.quantity ?? 1),
        });
      }
      for (const [index, line] of (pet.addOns ?? []).entries()) {
        result.appointmentAddOns.push({
          id: `${appointmentPetId}_add${index + 1}`,
          businessId: visit.businessId,
          appointmentPetId,
          addOnId: line.item.id,
          staffId: line.staffId ?? null,
          priceMinor: line.item.priceMinor * (line.quantity ?? 1),
        });
      }
    }
  }
  return result;
}

/**
 * The capacity ledger rows of the visits whose status holds capacity (SPEC §5): a pet per
 * boarding night (check-in date … the day before check-out, business-local), a pet per
 * daycare day, each groomer's 15-minute slots for the visit. Units are numbered from 0 per
 * resource in visit order, as the booking lock would; a unit at or over the resource's
 * capacity means the demo itself overbooks, which is a bug in the demo, so it throws.
 */
function capacityClaimRows(visits: DemoAppointment[], businessById: ReadonlyMap<string, DemoBusiness>): (typeof capacityClaims.$inferInsert)[] {
  const rows: (typeof capacityClaims.$inferInsert)[] = [];
  const nextUnit = new Map<string, number>();
  for (const visit of visits) {
    if (!holdsCapacity(visit.status)) continue;
    const business = businessById.get(visit.businessId);
    if (!business) throw new Error(`${visit.id}: unknown business ${visit.businessId}`);
    const tz = business.timeZone;
    const firstDate = localDateString(visit.startsAt, tz);
    const lastDate = localDateString(visit.endsAt, tz);
    /** One unit of each resource per pet. */
    const perPet = (perVisit: string[]) => visit.pets.flatMap(() => perVisit);
    const resources: string[] = [];
    if (visit.serviceType === 'boarding') {
      const nights: string[] = [];
      for (let night = firstDate; night < lastDate; night = addDays(night, 1)) nights.push(boardingNightResource(night));
      resources.push(...perPet(nights));
    } else if (visit.serviceType === 'daycare') {
      const days: string[] = [];
      for (let day = firstDate; day <= lastDate; day = addDays(day, 1)) days.push(daycareDayResource(day));
      resources.push(...perPet(days));
    } else if (visit.serviceType === 'grooming') {
      const groomers = new Set(visit.pets.flatMap((pet) => pet.services.map((line) => line.staffId)));
      for (const staffId of groomers) {
        if (!staffId) throw new Error(`${visit.id}: a grooming service without a groomer`);
        resources.push(...staffSlotResources(staffId, visit.startsAt, visit.endsAt));
      }
    }
    for (const resource of resources) {
      const key = `${visit.businessId}\u0000${resource}`;
      const unit = nextUnit.get(key) ?? 0;
      const capacity = resourceCapacity(resource, {
        boardingNightlyCapacity: business.boardingNightlyCapacity ?? 0,
        daycareDailyCapacity: business.daycareDailyCapacity ?? 0,
      });
      if (unit >= capacity) throw new Error(`${visit.id}: ${resource} is over capacity (${capacity}) in the demo`);
      nextUnit.set(key, unit + 1);
      rows.push({ businessId: visit.businessId, resource, unit, appointmentId: visit.id });
    }
  }
  return rows;
}

function nameAndPhone(parent: { firstName: string; lastName: string; phoneE164: string }) {
  return { firstName: parent.firstName, lastName: parent.lastName, phoneE164: parent.phoneE164 };
}

/**
 * The command line: seeds the database at `env.LIBSQL_URL` when it has no businesses, or
 * replaces the demo rows with `--force`. Returns the process exit code (0 also when it
 * refuses, so `npm run db:seed` in a setup script is safe to repeat).
 */
export async function runSeedCli(argv: readonly string[], env: Record<string, string | undefined>, log: (line: string) => void = console.log): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: { force: { type: 'boolean', default: false } } });
  const url = env.LIBSQL_URL || DEFAULT_LIBSQL_URL;
  const client = createClient({ url, authToken: env.LIBSQL_AUTH_TOKEN || undefined });
  const db = drizzle(client, { schema });
  try {
    if (!(await isDatabaseEmpty(db)) && !values.force) {
      log(
        `The database at ${url} already has businesses, so the demo data was not added.\n` +
          'Run with --force to replace the demo businesses (other businesses are kept).',
      );
      return 0;
    }
    await seedDemoData(db, Date.now(), { replaceExisting: values.force });
    // The console's demo accounts need the Worker's pepper (their TOTP secrets are sealed with it).
    const { devVarsPepper, seedDemoStaff } = await import('./demo-staff');
    const pepper = env.OTP_PEPPER || devVarsPepper();
    if (pepper) await seedDemoStaff(db, pepper);
    else log('No OTP_PEPPER (environment or .dev.vars): the demo console accounts were not added.');
    log(describeDemo(url));
    return 0;
  } catch (error) {
    log(
      `Could not seed ${url}: ${error instanceof Error ? error.message : String(error)}\n` +
        'Is the local database running (npm run db:server) with migrations applied (npm run db:migrate)?',
    );
    return 1;
  } finally {
    client.close();
  }
}

/** What was seeded, for the terminal. */
function describeDemo(url: string): string {
  const { parents } = DEMO;
  return [
    `Demo data written to ${url}:`,
    `  Happy Tails Boarding & Daycare (${DEMO.businesses.boarding}) — boarding + daycare, portal on, live camera, online booking, packages, memberships, group classes`,
    `  Paddington Grooming Studio (${DEMO.businesses.grooming}) — grooming, beta granted, online booking Tue–Sat`,
    `  Clip Joint Grooming (${DEMO.businesses.groomingNoBeta}) — grooming, portal not available yet`,
    `Sign in as:`,
    `  ${parents.jamie.firstName} ${parents.jamie.lastName}  ${parents.jamie.phoneDisplay}  (two businesses, every appointment status)`,
    `  ${parents.alex.firstName} ${parents.alex.lastName}  ${parents.alex.phoneDisplay}  (Clip Joint only)`,
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runSeedCli(process.argv.slice(2), process.env);
}
