/**
 * Console pages for clients and pets (issue 10 item 5): the searchable, paged list with its
 * invitation form (checkboxes, or everyone not yet invited), the client page (contact, pets
 * with vaccinations, appointments, agreements, store credit, portal status, "Invite"), the
 * add / edit client form and the staff's pet form. View models in, markup out; every form is a
 * plain post that works without JS, every field labelled with its message beside it.
 */
import { PET_FIELD_MAX, type PetFormErrors, type PetFormValues, type WeightUnit } from '../../src/domain/pet-form';
import { Field } from '../components/field';
import { Notice } from '../components/notice';
import { Pager } from '../components/pager';
import { Choices, SelectField } from '../booking/steps';

export interface ClientRow {
  id: string;
  name: string;
  phone: string;
  email: string | null;
  pets: string | null;
  portal: string;
}

function InviteChannel({ idPrefix }: { idPrefix: string }) {
  return (
    <fieldset class="choices">
      <legend>Send the link by</legend>
      <label class="choice">
        <input type="radio" name="channel" value="sms" id={`${idPrefix}-sms`} checked /> Text message
      </label>{' '}
      <label class="choice">
        <input type="radio" name="channel" value="email" id={`${idPrefix}-email`} /> Email
      </label>
    </fieldset>
  );
}

export function ClientList(p: {
  businessId: string;
  q: string;
  rows: ClientRow[];
  total: number;
  page: number;
  pageCount: number;
  notInvited: number;
  notice?: string | null;
  error?: string | null;
}) {
  const base = `/manage/${p.businessId}/clients`;
  const href = (n: number) => `${base}?${new URLSearchParams({ ...(p.q ? { q: p.q } : {}), ...(n > 1 ? { page: String(n) } : {}) })}`.replace(/\?$/, '');
  return (
    <section aria-labelledby="clients-heading">
      <h1 id="clients-heading">Clients</h1>
      <Notice text={p.notice} />
      {p.error ? (
        <p class="error" role="alert" id="invite-error">
          {p.error}
        </p>
      ) : null}
      <p class="actions">
        <a href={`${base}/new`}>Add a client</a>
      </p>
      <form method="get" action={base} class="filter" role="search">
        <Field
          id="client-q"
          name="q"
          label="Search by name, phone, email or pet"
          value={p.q}
          type="search"
          maxlength={100}
          hx={{
            // With JS the results follow the typing; the URL follows too, so Back and a reload show the same list.
            'hx-get': base,
            'hx-trigger': 'input changed delay:400ms, search',
            'hx-target': '#client-results',
            'hx-select': '#client-results',
            'hx-swap': 'outerHTML',
            'hx-push-url': 'true',
          }}
        />
        <button type="submit">Search</button>
      </form>
      <div id="client-results">
        <p class="muted" id="client-count" aria-live="polite">
          {p.q ? `${p.total} ${p.total === 1 ? 'client matches' : 'clients match'} “${p.q}”.` : `${p.total} ${p.total === 1 ? 'client' : 'clients'}.`}
        </p>
        <form method="post" action={`${base}/invitations`} id="invite-form">
          {p.rows.length === 0 ? (
            <p>{p.q ? 'No client matches. Try part of a name, or the last digits of a phone number.' : 'No clients yet. Add the first one.'}</p>
          ) : (
            <ul class="outbox clients">
              {p.rows.map((r) => (
                <li class="card" id={`client-${r.id}`}>
                  <a href={`${base}/${r.id}`}>
                    <strong>{r.name}</strong>
                  </a>
                  <br />
                  <span>{r.phone}</span>
                  {r.email ? <span> · {r.email}</span> : null}
                  <br />
                  <span class="muted small">
                    {r.pets ? `Pets: ${r.pets}` : 'No pets yet'} · Portal: {r.portal}
                  </span>
                  <label class="choice" for={`pick-${r.id}`}>
                    <input type="checkbox" name="clientId" value={r.id} id={`pick-${r.id}`} /> Select {r.name}
                  </label>
                </li>
              ))}
            </ul>
          )}
          <Pager page={p.page} pageCount={p.pageCount} pageHref={href} prevLabel="Previous" nextLabel="Next" />
          <h2>Invite to the portal</h2>
          <p class="muted small">Each client gets their own link, valid for 30 days; an earlier unused link stops working.</p>
          <InviteChannel idPrefix="bulk" />
          <p class="actions">
            <button type="submit" name="who" value="selected">
              Invite selected clients
            </button>{' '}
            <button type="submit" name="who" value="everyone" disabled={p.notInvited === 0}>
              Invite everyone not yet invited ({p.notInvited})
            </button>
          </p>
        </form>
      </div>
    </section>
  );
}

export interface ClientPageView {
  businessId: string;
  id: string;
  name: string;
  phone: string;
  email: string | null;
  portal: string;
  canInvite: boolean;
  hasEmail: boolean;
  pets: { id: string; name: string; what: string; vaccinations: { name: string; expires: string; flag: 'expired' | 'expiring' | null }[] }[];
  upcoming: { when: string; what: string; status: string }[];
  recent: { when: string; what: string; status: string }[];
  agreements: { title: string; state: string; signed: boolean }[];
  credit: string;
  notice?: string | null;
  error?: string | null;
}

function Appointments({ list, empty }: { list: ClientPageView['upcoming']; empty: string }) {
  return list.length === 0 ? (
    <p class="muted">{empty}</p>
  ) : (
    <ul class="appts">
      {list.map((a) => (
        <li>
          <span class="when">{a.when}</span> <span class="status">{a.status}</span>
          <br />
          <span class="muted">{a.what}</span>
        </li>
      ))}
    </ul>
  );
}

export function ClientPage(p: ClientPageView) {
  const base = `/manage/${p.businessId}/clients/${p.id}`;
  return (
    <section aria-labelledby="client-heading">
      <p>
        <a href={`/manage/${p.businessId}/clients`}>← All clients</a>
      </p>
      <h1 id="client-heading">{p.name}</h1>
      <Notice text={p.notice} />
      {p.error ? (
        <p class="error" role="alert">
          {p.error}
        </p>
      ) : null}
      <div class="card">
        <h2>Contact</h2>
        <dl>
          <dt>Phone</dt>
          <dd>{p.phone}</dd>
          <dt>Email</dt>
          <dd>{p.email ?? 'None on file'}</dd>
          <dt>Portal</dt>
          <dd id="portal-status">{p.portal}</dd>
          <dt>Store credit</dt>
          <dd id="credit">
            {p.credit} · <a href={`${base}/credit`}>Add, deduct or see the history</a>
          </dd>
          <dt>Packages and memberships</dt>
          <dd id="holdings">
            <a href={`${base}/packages`}>Packages</a> · <a href={`${base}/memberships`}>Memberships</a>
          </dd>
        </dl>
        <p class="actions">
          <a href={`${base}/edit`}>Edit contact details</a>
        </p>
        {p.canInvite ? (
          <form method="post" action={`${base}/invite`}>
            <InviteChannel idPrefix="one" />
            {p.hasEmail ? null : <p class="muted small">No email on file: an email invitation cannot be sent.</p>}
            <button type="submit">Send portal invitation</button>
          </form>
        ) : null}
      </div>
      <div class="card">
        <h2>Pets</h2>
        {p.pets.length === 0 ? <p class="muted">No pets yet. The client can add them in the portal.</p> : null}
        <p class="small">
          <a href={`/manage/${p.businessId}/report-cards`}>All report cards: drafts and recently sent</a>
        </p>
        <ul class="outbox">
          {p.pets.map((pet) => (
            <li id={`pet-${pet.id}`}>
              <strong>{pet.name}</strong> <span class="muted">{pet.what}</span> <a href={`${base}/pets/${pet.id}/edit`}>Edit {pet.name}</a> ·{' '}
              <a href={`${base}/pets/${pet.id}/report-card`}>Write a report card for {pet.name}</a>
              {pet.vaccinations.length ? (
                <ul class="vaccinations">
                  {pet.vaccinations.map((v) => (
                    <li>
                      {v.name}: {v.expires}
                      {v.flag === 'expired' ? (
                        <span class="status s-canceled">Expired</span>
                      ) : v.flag === 'expiring' ? (
                        <span class="status s-requested">Expires soon</span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              ) : (
                <p class="muted small">No vaccinations on file.</p>
              )}
            </li>
          ))}
        </ul>
      </div>
      <div class="card">
        <h2>Upcoming appointments</h2>
        <Appointments list={p.upcoming} empty="Nothing booked." />
        <h2>Recent appointments</h2>
        <Appointments list={p.recent} empty="No past visits." />
      </div>
      <div class="card">
        <h2>Agreements</h2>
        {p.agreements.length === 0 ? <p class="muted">The business has no agreements to sign.</p> : null}
        <ul>
          {p.agreements.map((a) => (
            <li>
              {a.title}: <span class={a.signed ? 'status s-confirmed' : 'status s-requested'}>{a.state}</span>
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

export interface ClientFormValues {
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
}
export type ClientFormErrors = Partial<Record<keyof ClientFormValues, string>>;

export function ClientForm(p: {
  action: string;
  cancelHref: string;
  heading: string;
  submit: string;
  values: ClientFormValues;
  errors: ClientFormErrors;
  phoneHint: string;
}) {
  const count = Object.keys(p.errors).length;
  return (
    <section class="card" aria-labelledby="client-form-heading">
      <h1 id="client-form-heading">{p.heading}</h1>
      {count ? (
        <p class="error" role="alert">
          Please check {count === 1 ? 'the field' : `the ${count} fields`} marked below. Nothing was saved.
        </p>
      ) : null}
      <form method="post" action={p.action} novalidate>
        <Field
          id="client-first"
          name="firstName"
          label="First name"
          value={p.values.firstName}
          error={p.errors.firstName}
          maxlength={60}
          required
          autocomplete="off"
        />
        <Field
          id="client-last"
          name="lastName"
          label="Last name"
          value={p.values.lastName}
          error={p.errors.lastName}
          maxlength={60}
          required
          autocomplete="off"
        />
        <Field
          id="client-phone"
          name="phone"
          label="Mobile phone"
          type="tel"
          inputmode="tel"
          value={p.values.phone}
          error={p.errors.phone}
          hint={p.phoneHint}
          maxlength={32}
          required
        />
        <Field
          id="client-email"
          name="email"
          label="Email (optional)"
          type="email"
          inputmode="email"
          value={p.values.email}
          error={p.errors.email}
          maxlength={254}
        />
        <p class="actions">
          <button type="submit">{p.submit}</button> <a href={p.cancelHref}>Cancel</a>
        </p>
      </form>
    </section>
  );
}

export function StaffPetForm(p: {
  action: string;
  cancelHref: string;
  heading: string;
  values: PetFormValues;
  errors: PetFormErrors;
  weightUnit: WeightUnit;
  birthdayMin: string;
  birthdayMax: string;
}) {
  const v = p.values;
  const e = p.errors;
  const count = Object.keys(e).length;
  const opts = (list: [string, string][], current: string) => list.map(([value, label]) => ({ value, label, checked: value === current }));
  return (
    <section class="card" aria-labelledby="pet-form-heading">
      <h1 id="pet-form-heading">{p.heading}</h1>
      {count ? (
        <p class="error" role="alert">
          Please check {count === 1 ? 'the field' : `the ${count} fields`} marked below. Nothing was saved.
        </p>
      ) : null}
      <form method="post" action={p.action} novalidate>
        <Field id="pet-name" name="name" label="Name" value={v.name} error={e.name} maxlength={PET_FIELD_MAX.name} required autocomplete="off" />
        <Choices
          name="species"
          legend="Species"
          type="radio"
          error={e.species}
          options={opts(
            [
              ['dog', 'Dog'],
              ['cat', 'Cat'],
              ['other', 'Other'],
            ],
            v.species,
          )}
        />
        <Field id="pet-breed" name="breed" label="Breed (optional)" value={v.breed} error={e.breed} maxlength={PET_FIELD_MAX.breed} />
        <SelectField
          id="pet-sex"
          name="sex"
          label="Sex"
          error={e.sex}
          options={opts(
            [
              ['unknown', 'Not sure'],
              ['female', 'Female'],
              ['male', 'Male'],
            ],
            v.sex,
          )}
        />
        <Field
          id="pet-birthday"
          name="birthday"
          label="Birthday (optional)"
          type="date"
          value={v.birthday}
          error={e.birthday}
          min={p.birthdayMin}
          max={p.birthdayMax}
        />
        <Field
          id="pet-weight"
          name="weight"
          label={`Weight in ${p.weightUnit} (optional)`}
          value={v.weight}
          error={e.weight}
          hint="A number, e.g. 12.5"
          maxlength={10}
        />
        <Field id="pet-colour" name="colour" label="Colour (optional)" value={v.colour} error={e.colour} maxlength={PET_FIELD_MAX.colour} />
        <SelectField
          id="pet-spayed"
          name="spayedNeutered"
          label="Spayed/neutered"
          error={e.spayedNeutered}
          options={opts(
            [
              ['', 'Not sure'],
              ['yes', 'Yes'],
              ['no', 'No'],
            ],
            v.spayedNeutered,
          )}
        />
        <Field id="pet-vet-name" name="vetName" label="Vet's name or clinic (optional)" value={v.vetName} error={e.vetName} maxlength={PET_FIELD_MAX.vetName} />
        <Field
          id="pet-vet-phone"
          name="vetPhone"
          label="Vet's phone (optional)"
          type="tel"
          value={v.vetPhone}
          error={e.vetPhone}
          maxlength={PET_FIELD_MAX.vetPhone}
        />
        <Field
          id="pet-medications"
          name="medications"
          label="Medications (optional)"
          multiline
          value={v.medications}
          error={e.medications}
          maxlength={PET_FIELD_MAX.medications}
        />
        <Field id="pet-feeding" name="feeding" label="Feeding (optional)" multiline value={v.feeding} error={e.feeding} maxlength={PET_FIELD_MAX.feeding} />
        <Field
          id="pet-behaviour"
          name="behaviourNotes"
          label="Behaviour notes (optional)"
          multiline
          value={v.behaviourNotes}
          error={e.behaviourNotes}
          maxlength={PET_FIELD_MAX.behaviourNotes}
        />
        <p class="actions">
          <button type="submit">Save pet</button> <a href={p.cancelHref}>Cancel</a>
        </p>
      </form>
    </section>
  );
}
