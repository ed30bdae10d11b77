/**
 * The owner's "Services and add-ons" settings: the catalogue (services and add-ons, active and
 * not, each with its edit page, and a form to add one of each), the groomers (only for a
 * business offering grooming) and one groomer's page — the services they do and their weekly
 * working periods and dated exceptions (a day off, or other hours one date), with the
 * appointments a change would touch listed before it is allowed.
 * Plain forms, lists rather than tables so they fit a 360 px screen.
 */
import { Field } from '../components/field';
import { Notice } from '../components/notice';
import { Choices, SelectField, type Option } from '../booking/steps';

export const TYPE_WORDS = { boarding: 'Boarding', daycare: 'Daycare', grooming: 'Grooming', training: 'Training' } as const;
type TypeKey = keyof typeof TYPE_WORDS;

const SPECIES_WORDS = { dog: 'Dogs', cat: 'Cats', other: 'Other pets' } as const;

export interface ServiceFormView {
  values: { name: string; type: string; duration: string; price: string; species: string[]; vaccinations: string };
  errors: Partial<Record<'name' | 'type' | 'duration' | 'price' | 'species' | 'vaccinations', string>>;
}

export interface AddOnFormView {
  values: { name: string; serviceType: string; duration: string; price: string };
  errors: Partial<Record<'name' | 'serviceType' | 'duration' | 'price', string>>;
}

export interface ServiceRow {
  id: string;
  name: string;
  type: TypeKey;
  minutes: number;
  price: string;
  active: boolean;
  species: string | null;
  vaccinations: string | null;
}

export interface AddOnRow {
  id: string;
  name: string;
  serviceType: TypeKey | null;
  minutes: number;
  price: string;
  active: boolean;
}

export interface GroomerRow {
  id: string;
  name: string;
  active: boolean;
  services: string[];
  week: string;
}

function Inactive({ active }: { active: boolean }) {
  return active ? null : <span class="status s-canceled">Not offered</span>;
}

function ServiceFields(p: { form: ServiceFormView; offered: readonly TypeKey[]; currency: string; fixedType?: TypeKey; prefix: string }) {
  const { values: v, errors: e } = p.form;
  const id = (name: string) => `${p.prefix}-${name}`;
  return (
    <>
      <Field id={id('name')} name="name" label="Name" value={v.name} error={e.name} maxlength={80} required autofocus={Boolean(e.name)} />
      {p.fixedType ? (
        <p>
          Kind of service: <strong>{TYPE_WORDS[p.fixedType]}</strong>
        </p>
      ) : (
        <SelectField
          id={id('type')}
          name="type"
          label="Kind of service"
          error={e.type}
          options={[
            { value: '', label: 'Choose…', checked: v.type === '' },
            ...p.offered.map((t) => ({ value: t, label: TYPE_WORDS[t], checked: v.type === t })),
          ]}
        />
      )}
      <Field id={id('duration')} name="duration" label="Length in minutes" inputmode="numeric" value={v.duration} error={e.duration} maxlength={5} required />
      <Field
        id={id('price')}
        name="price"
        label={`Price (${p.currency})`}
        hint="e.g. 45.50 — 0 when it is free"
        inputmode="text"
        value={v.price}
        error={e.price}
        maxlength={12}
        required
      />
      <Choices
        name="species"
        legend="Which pets it is for"
        type="checkbox"
        error={e.species}
        options={(['dog', 'cat', 'other'] as const).map((s) => ({ value: s, label: SPECIES_WORDS[s], checked: v.species.includes(s) }))}
      />
      <Field
        id={id('vaccinations')}
        name="vaccinations"
        label="Vaccinations required (optional)"
        hint="Names separated by commas, e.g. Rabies, Bordetella"
        value={v.vaccinations}
        error={e.vaccinations}
        maxlength={600}
      />
    </>
  );
}

function AddOnFields(p: { form: AddOnFormView; offered: readonly TypeKey[]; currency: string; prefix: string }) {
  const { values: v, errors: e } = p.form;
  const id = (name: string) => `${p.prefix}-${name}`;
  const types: TypeKey[] = [...p.offered];
  if (v.serviceType && v.serviceType in TYPE_WORDS && !types.includes(v.serviceType as TypeKey)) types.push(v.serviceType as TypeKey);
  return (
    <>
      <Field id={id('name')} name="name" label="Name" value={v.name} error={e.name} maxlength={80} required autofocus={Boolean(e.name)} />
      <SelectField
        id={id('service_type')}
        name="service_type"
        label="Added to"
        error={e.serviceType}
        options={[
          { value: '', label: 'Any service', checked: v.serviceType === '' },
          ...types.map((t) => ({ value: t, label: `${TYPE_WORDS[t]} services`, checked: v.serviceType === t })),
        ]}
      />
      <Field
        id={id('duration')}
        name="duration"
        label="Extra minutes"
        hint="0 when it adds no time"
        inputmode="numeric"
        value={v.duration}
        error={e.duration}
        maxlength={5}
      />
      <Field
        id={id('price')}
        name="price"
        label={`Price (${p.currency})`}
        hint="e.g. 10.00"
        inputmode="text"
        value={v.price}
        error={e.price}
        maxlength={12}
        required
      />
    </>
  );
}

export function ServicesPage(p: {
  businessId: string;
  currency: string;
  offered: readonly TypeKey[];
  notice: string | null;
  services: ServiceRow[];
  addOns: AddOnRow[];
  groomers: GroomerRow[] | null;
  serviceForm: ServiceFormView;
  addOnForm: AddOnFormView;
  /** The add forms' submission keys (one per form shown). */
  keys: { service: string; addOn: string };
}) {
  const base = `/manage/${p.businessId}/settings/services`;
  return (
    <section aria-labelledby="services-heading">
      <p>
        <a href={`/manage/${p.businessId}/settings`}>All settings</a>
      </p>
      <h1 id="services-heading">Services and add-ons</h1>
      <p>What parents can book online, for how long and at what price. A change shows at their next page view; requests already made keep their price.</p>
      <Notice text={p.notice} />

      <h2 id="services-list">Services</h2>
      {p.services.length === 0 ? <p>No services yet.</p> : null}
      <ul class="settings-list services">
        {p.services.map((s) => (
          <li class="card" id={`service-${s.id}`}>
            <a href={`${base}/${s.id}`}>{s.name}</a> <Inactive active={s.active} />
            <br />
            <span class="muted small">
              {TYPE_WORDS[s.type]} · {s.minutes} min · {s.price}
              {s.species
                ? ` · ${s.species
                    .split(',')
                    .map((x) => SPECIES_WORDS[x as keyof typeof SPECIES_WORDS] ?? x)
                    .join(', ')} only`
                : ''}
              {s.vaccinations ? ` · needs ${s.vaccinations}` : ''}
            </span>
          </li>
        ))}
      </ul>
      <form method="post" action={base} class="card" novalidate>
        <h2>Add a service</h2>
        <input type="hidden" name="key" value={p.keys.service} />
        <ServiceFields form={p.serviceForm} offered={p.offered} currency={p.currency} prefix="service" />
        <button type="submit">Add service</button>
      </form>

      <h2 id="add-ons-list">Add-ons</h2>
      {p.addOns.length === 0 ? <p>No add-ons yet.</p> : null}
      <ul class="settings-list add-ons">
        {p.addOns.map((a) => (
          <li class="card" id={`add-on-${a.id}`}>
            <a href={`${base}/add-ons/${a.id}`}>{a.name}</a> <Inactive active={a.active} />
            <br />
            <span class="muted small">
              {a.serviceType ? `${TYPE_WORDS[a.serviceType]} services` : 'Any service'} · +{a.minutes} min · {a.price}
            </span>
          </li>
        ))}
      </ul>
      <form method="post" action={`${base}/add-ons`} class="card" novalidate>
        <h2>Add an add-on</h2>
        <input type="hidden" name="key" value={p.keys.addOn} />
        <AddOnFields form={p.addOnForm} offered={p.offered} currency={p.currency} prefix="add-on" />
        <button type="submit">Add add-on</button>
      </form>

      {p.groomers ? (
        <>
          <h2 id="groomers-list">Groomers</h2>
          <p class="muted">Which groomer does which service, and when each works. Parents are offered only those times.</p>
          {p.groomers.length === 0 ? <p>No groomers yet.</p> : null}
          <ul class="settings-list groomers">
            {p.groomers.map((g) => (
              <li class="card" id={`groomer-${g.id}`}>
                <a href={`${base}/groomers/${g.id}`}>{g.name}</a> {g.active ? null : <span class="status s-canceled">Inactive</span>}
                <br />
                <span class="muted small">{g.services.length ? g.services.join(', ') : 'No services yet'}</span>
                <br />
                <span class="muted small">{g.week || 'No working hours yet'}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function ActiveToggle(p: { action: string; active: boolean; what: string }) {
  return (
    <form method="post" action={p.action} class="card">
      <input type="hidden" name="active" value={p.active ? 'no' : 'yes'} />
      <p>
        {p.active
          ? `Parents can book this ${p.what}. Stop offering it to take it off the booking pages; requests and appointments that have it keep it.`
          : `This ${p.what} is not offered. Offer it again to put it back on the booking pages.`}
      </p>
      <button type="submit" class={p.active ? 'secondary' : undefined}>
        {p.active ? `Stop offering this ${p.what}` : `Offer this ${p.what} again`}
      </button>
    </form>
  );
}

export function ServiceEditPage(p: {
  businessId: string;
  serviceId: string;
  /** The saved name (the form may hold a refused one). */
  heading: string;
  currency: string;
  type: TypeKey;
  active: boolean;
  notice: string | null;
  form: ServiceFormView;
}) {
  const base = `/manage/${p.businessId}/settings/services`;
  return (
    <section aria-labelledby="service-heading">
      <p>
        <a href={base}>All services and add-ons</a>
      </p>
      <h1 id="service-heading">
        {p.heading} <Inactive active={p.active} />
      </h1>
      <Notice text={p.notice} />
      <form method="post" action={`${base}/${p.serviceId}`} class="card" novalidate>
        <ServiceFields form={p.form} offered={[]} currency={p.currency} fixedType={p.type} prefix="service" />
        <p class="muted small">A new price is for new requests: requests already made keep the price they were booked at.</p>
        <button type="submit">Save service</button>
      </form>
      <ActiveToggle action={`${base}/${p.serviceId}/active`} active={p.active} what="service" />
    </section>
  );
}

export function AddOnEditPage(p: {
  businessId: string;
  addOnId: string;
  /** The saved name (the form may hold a refused one). */
  heading: string;
  currency: string;
  offered: readonly TypeKey[];
  active: boolean;
  notice: string | null;
  form: AddOnFormView;
}) {
  const base = `/manage/${p.businessId}/settings/services`;
  return (
    <section aria-labelledby="add-on-heading">
      <p>
        <a href={base}>All services and add-ons</a>
      </p>
      <h1 id="add-on-heading">
        {p.heading} <Inactive active={p.active} />
      </h1>
      <Notice text={p.notice} />
      <form method="post" action={`${base}/add-ons/${p.addOnId}`} class="card" novalidate>
        <AddOnFields form={p.form} offered={p.offered} currency={p.currency} prefix="add-on" />
        <p class="muted small">A new price is for new requests: requests already made keep the price they were booked at.</p>
        <button type="submit">Save add-on</button>
      </form>
      <ActiveToggle action={`${base}/add-ons/${p.addOnId}/active`} active={p.active} what="add-on" />
    </section>
  );
}

export interface AffectedRow {
  id: string;
  client: string;
  when: string;
}

/** The appointments a removal would leave without their groomer, and the explicit keep. */
function Affected(p: { rows: AffectedRow[]; what: string; id: string }) {
  return (
    <div class="card" role="alert" id={p.id}>
      <h3>
        {p.rows.length} confirmed appointment{p.rows.length === 1 ? '' : 's'} would lose {p.what}
      </h3>
      <ul class="affected">
        {p.rows.map((r) => (
          <li id={`affected-${r.id}`}>
            {r.client} · {r.when}
          </li>
        ))}
      </ul>
      <p>Nothing was changed. Move or cancel these first, or keep them as they are and change the settings anyway.</p>
      <label class="choice">
        <input type="checkbox" name="keep" value="yes" /> <span>Keep the existing appointments</span>
      </label>
    </div>
  );
}

export interface PeriodRow {
  id: string;
  starts: string;
  ends: string;
}

/** An upcoming exception: the date in words, "Off all day" or the hours, and why. */
export interface ExceptionRow {
  id: string;
  when: string;
  hours: string;
  reason: string | null;
}

export interface ExceptionFormView {
  values: { date: string; starts: string; ends: string; reason: string };
  errors: Partial<Record<'date' | 'starts' | 'ends' | 'reason', string>>;
  /** Appointments the exception would leave outside the groomer's hours (then the keep box). */
  affected: AffectedRow[] | null;
}

export function GroomerPage(p: {
  businessId: string;
  groomer: { id: string; name: string; active: boolean };
  notice: string | null;
  services: Option[];
  servicesAffected: AffectedRow[] | null;
  week: { weekday: number; name: string; periods: PeriodRow[] }[];
  removal: { period: PeriodRow & { day: string }; affected: AffectedRow[] } | null;
  periodForm: { values: { weekday: string; starts: string; ends: string }; errors: Partial<Record<'weekday' | 'starts' | 'ends', string>> };
  /** The business's local date: the earliest an exception may be for. */
  today: string;
  exceptions: ExceptionRow[];
  exceptionRemoval: { exception: ExceptionRow; affected: AffectedRow[] } | null;
  exceptionForm: ExceptionFormView;
}) {
  const base = `/manage/${p.businessId}/settings/services/groomers/${p.groomer.id}`;
  const e = p.periodForm.errors;
  const xe = p.exceptionForm.errors;
  return (
    <section aria-labelledby="groomer-heading">
      <p>
        <a href={`/manage/${p.businessId}/settings/services#groomers-list`}>All services and groomers</a>
      </p>
      <h1 id="groomer-heading">
        {p.groomer.name} {p.groomer.active ? null : <span class="status s-canceled">Inactive</span>}
      </h1>
      <Notice text={p.notice} />

      <form method="post" action={`${base}/services`} class="card">
        <h2>Services</h2>
        <Choices name="service" legend={`Grooming services ${p.groomer.name} does`} type="checkbox" options={p.services} />
        {p.servicesAffected ? <Affected rows={p.servicesAffected} what="a service their groomer no longer does" id="services-affected" /> : null}
        <button type="submit">Save services</button>
      </form>

      <h2>Working week</h2>
      <p class="muted">In the business's time zone. Several periods a day are fine (a lunch break); they cannot overlap.</p>
      {p.removal ? (
        <form method="post" action={`${base}/periods/remove`} class="card">
          <input type="hidden" name="period" value={p.removal.period.id} />
          <p>
            Remove {p.removal.period.day} {p.removal.period.starts}–{p.removal.period.ends}?
          </p>
          <Affected rows={p.removal.affected} what="their groomer's working hours" id="period-affected" />
          <button type="submit">Remove the period</button>
        </form>
      ) : null}
      <ul class="settings-list week">
        {p.week.map((d) => (
          <li id={`weekday-${d.weekday}`}>
            <strong>{d.name}</strong>
            {d.periods.length === 0 ? <span class="muted"> · not working</span> : null}
            <ul>
              {d.periods.map((x) => (
                <li id={`period-${x.id}`}>
                  <form method="post" action={`${base}/periods/remove`} class="inline">
                    <input type="hidden" name="period" value={x.id} />
                    {x.starts}–{x.ends}{' '}
                    <button type="submit" class="secondary small" aria-label={`Remove ${d.name} ${x.starts}–${x.ends}`}>
                      Remove
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <form method="post" action={`${base}/periods`} class="card" novalidate>
        <h2>Add a working period</h2>
        <SelectField
          id="period-weekday"
          name="weekday"
          label="Day"
          error={e.weekday}
          options={p.week.map((d) => ({ value: String(d.weekday), label: d.name, checked: p.periodForm.values.weekday === String(d.weekday) }))}
        />
        <Field id="period-starts" name="starts" label="Starts (HH:MM)" type="time" value={p.periodForm.values.starts} error={e.starts} required />
        <Field id="period-ends" name="ends" label="Ends (HH:MM)" type="time" value={p.periodForm.values.ends} error={e.ends} required />
        <button type="submit">Add period</button>
      </form>

      <h2 id="exceptions">Days off and other hours</h2>
      <p class="muted">For one date, instead of the working week: off all day, or only the hours given.</p>
      {p.exceptionRemoval ? (
        <form method="post" action={`${base}/exceptions/remove`} class="card">
          <input type="hidden" name="exception" value={p.exceptionRemoval.exception.id} />
          <p>
            Remove {p.exceptionRemoval.exception.when} · {p.exceptionRemoval.exception.hours}?
          </p>
          <Affected rows={p.exceptionRemoval.affected} what="their groomer's working hours" id="exception-removal-affected" />
          <button type="submit">Remove the exception</button>
        </form>
      ) : null}
      {p.exceptions.length === 0 ? (
        <p class="muted" id="no-exceptions">
          None coming up.
        </p>
      ) : (
        <ul class="settings-list exceptions">
          {p.exceptions.map((x) => (
            <li id={`exception-${x.id}`}>
              <form method="post" action={`${base}/exceptions/remove`} class="inline">
                <input type="hidden" name="exception" value={x.id} />
                <strong>{x.when}</strong> · {x.hours}
                {x.reason ? ` · ${x.reason}` : null}{' '}
                <button type="submit" class="secondary small" aria-label={`Remove ${x.when} ${x.hours}`}>
                  Remove
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={`${base}/exceptions`} class="card" novalidate>
        <h2>Add a day off or other hours</h2>
        <Field id="exception-date" name="date" label="Date" type="date" value={p.exceptionForm.values.date} error={xe.date} min={p.today} required />
        <Field
          id="exception-starts"
          name="starts"
          label="Starts (HH:MM)"
          type="time"
          hint="Leave both times empty for the whole day off."
          value={p.exceptionForm.values.starts}
          error={xe.starts}
        />
        <Field id="exception-ends" name="ends" label="Ends (HH:MM)" type="time" value={p.exceptionForm.values.ends} error={xe.ends} />
        <Field id="exception-reason" name="reason" label="Reason (optional)" value={p.exceptionForm.values.reason} error={xe.reason} maxlength={200} />
        {p.exceptionForm.affected ? <Affected rows={p.exceptionForm.affected} what="their groomer's working hours" id="exception-affected" /> : null}
        <button type="submit">Add exception</button>
      </form>
    </section>
  );
}
