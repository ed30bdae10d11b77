/**
 * Online booking's rules (SPEC §5), one module: the form and its steps (form.ts), what the
 * choices mean on the calendar and what they cost (rules.ts), and the booking lock's plans
 * (plan.ts). Routes and, later, the business console import from here.
 */
export * from './form';
export * from './rules';
export * from './plan';
