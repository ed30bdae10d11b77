/**
 * The email a staff member who asked for it ("Email me new requests", per business) gets for
 * each new booking request: who, which pets with which services and add-ons, when (in the
 * business's time zone, already formatted by the caller), and a link to the request in the
 * console. Plain text, no tracking; the same text goes to every opted-in member.
 */

/** One pet of the request, with the names of its services and add-ons. */
export interface NewRequestPet {
  name: string;
  services: string[];
  addOns: string[];
}

/** The new-request email's subject and text. */
export function newRequestEmail(p: {
  businessName: string;
  clientName: string;
  kind: string;
  pets: NewRequestPet[];
  /** Each requested span, formatted in the business's zone, e.g. "Tue 9 Dec, 10:00 to 11:30 (GMT)". */
  when: string[];
  notes: string | null;
  link: string;
}): { subject: string; text: string } {
  const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').trim();
  const petLines = p.pets.map((pet) => {
    const what = [...pet.services, ...pet.addOns.map((a) => `+ ${a}`)].join(', ');
    return `- ${oneLine(pet.name)}${what ? `: ${oneLine(what)}` : ''}`;
  });
  return {
    subject: oneLine(`New ${p.kind.toLowerCase()} request from ${p.clientName} · ${p.businessName}`).slice(0, 200),
    text: [
      `${oneLine(p.clientName)} asked ${oneLine(p.businessName)} for ${p.kind.toLowerCase()}.`,
      '',
      'Pets and services:',
      ...petLines,
      '',
      `Requested time${p.when.length > 1 ? 's' : ''}:`,
      ...p.when.map((w) => `- ${w}`),
      ...(p.notes ? ['', `Notes: ${oneLine(p.notes).slice(0, 500)}`] : []),
      '',
      `Open the request in the console: ${p.link}`,
      '',
      'You get this email because you turned on "Email me new requests" for this business. Turn it off on the Notifications page of the console.',
    ].join('\n'),
  };
}
