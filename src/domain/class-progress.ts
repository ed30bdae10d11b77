/**
 * Where a pet stands in a group class (SPEC §10): sessions attended, sessions remaining, and
 * the next session.
 *
 * The rules: a session is attended when the business recorded attendance for this pet's
 * enrollment; it is remaining while it has not started yet and is not attended (staff may take
 * attendance from the session's morning, before its start: then it is attended, not both; a
 * session under way is neither remaining nor, until recorded, attended); the next session is
 * the first remaining one.
 *
 * Pure: no I/O, no module state.
 */

export interface ClassSessionTimes {
  id: string;
  startsAt: Date;
  endsAt: Date;
}

export interface ClassProgress<S extends ClassSessionTimes> {
  attended: number;
  remaining: number;
  next: (S & { attended: boolean; past: boolean }) | null;
  /** Every session in start order, with whether this pet attended it and whether it is past. */
  schedule: (S & { attended: boolean; past: boolean })[];
}

/**
 * @param sessions The class's sessions (any order).
 * @param attendedIds Ids of the sessions attended by this enrollment.
 * @param now The instant "remaining" and "next" are judged at.
 */
export function classProgress<S extends ClassSessionTimes>(sessions: readonly S[], attendedIds: ReadonlySet<string>, now: number): ClassProgress<S> {
  const schedule = [...sessions]
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id))
    .map((s) => ({ ...s, attended: attendedIds.has(s.id), past: s.startsAt.getTime() <= now }));
  const upcoming = schedule.filter((s) => !s.past && !s.attended);
  return {
    attended: schedule.filter((s) => s.attended).length,
    remaining: upcoming.length,
    next: upcoming[0] ?? null,
    schedule,
  };
}
