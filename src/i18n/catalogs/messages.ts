/** Texts (SMS) and emails sent to parents: decisions, reminders, invitations, report cards. */
import { defineMessages } from '../define';

// Texts are kept short: a Spanish text with accents is sent as UCS-2 (70 characters a segment).
export const messages = defineMessages(
  {
    'messages.service.boarding': 'boarding',
    'messages.service.daycare': 'daycare',
    'messages.service.grooming': 'grooming',
    'messages.service.training': 'training',
    'messages.decision.confirm': '{business} confirmed your {service} request for {date} at {time}. Details: {link}',
    'messages.decision.waitlist':
      '{business} put your {service} request for {date} at {time} on the waitlist: they will tell you when a place is free. Details: {link}',
    'messages.decision.decline': '{business} could not accept your {service} request for {date} at {time}. Details: {link}',
    'messages.decision.declineReason': '{business} could not accept your {service} request for {date} at {time} ({reason}). Details: {link}',
    'messages.reminder.vaccination':
      "{business}: {pet}'s {vaccine} vaccination expires on {date} ({days, plural, one {in # day} other {in # days}}). Upload the new certificate here: {link}",
    'messages.reportCard.ready': "{business}: {pet}'s report card is ready. See it here: {link}",
    'messages.invitation.sms': '{business} invites you to Pawtal, their client portal: {link}',
    'messages.invitation.emailSubject': '{business} invites you to Pawtal',
    'messages.invitation.emailText':
      'Hi {firstName},\n\n' +
      "{business} invites you to Pawtal, their client portal: your pets' visits in one place.\n\n" +
      'Open your invitation:\n{link}\n\n' +
      "The link is for you only and works for {days, plural, one {# day} other {# days}}. To finish, we'll text a code to the mobile number {business} has on file.\n\n" +
      '— Pawtal\n',
  },
  {
    'messages.service.boarding': 'hospedaje',
    'messages.service.daycare': 'guardería',
    'messages.service.grooming': 'peluquería',
    'messages.service.training': 'adiestramiento',
    'messages.decision.confirm': '{business} confirmó su solicitud de {service} para el {date}, {time}. Detalles: {link}',
    'messages.decision.waitlist':
      '{business} puso en lista de espera su solicitud de {service} para el {date}, {time}: le avisará cuando haya un lugar. Detalles: {link}',
    'messages.decision.decline': '{business} no pudo aceptar su solicitud de {service} para el {date}, {time}. Detalles: {link}',
    'messages.decision.declineReason': '{business} no pudo aceptar su solicitud de {service} para el {date}, {time} ({reason}). Detalles: {link}',
    'messages.reminder.vaccination':
      '{business}: la vacuna {vaccine} de {pet} vence el {date} ({days, plural, one {en # día} other {en # días}}). Suba el nuevo certificado aquí: {link}',
    'messages.reportCard.ready': '{business}: el informe de {pet} está listo. Véalo aquí: {link}',
    'messages.invitation.sms': '{business} le invita a Pawtal, su portal de clientes: {link}',
    'messages.invitation.emailSubject': '{business} le invita a Pawtal',
    'messages.invitation.emailText':
      'Hola, {firstName}:\n\n' +
      '{business} le invita a Pawtal, su portal de clientes: las visitas de sus mascotas en un solo lugar.\n\n' +
      'Abra su invitación:\n{link}\n\n' +
      'El enlace es solo para usted y vale por {days, plural, one {# día} other {# días}}. Para terminar, le enviaremos un código por SMS al número de celular que {business} tiene registrado.\n\n' +
      '— Pawtal\n',
  },
);
