/**
 * The email address and new-password fields, as every form that asks for them shows them
 * (sign-in by email, forgot password, the reset form, the account and password pages): the
 * one Field with the attributes password managers and mobile keyboards rely on, and the one
 * wording of the password rules.
 */
import { Field } from './field';
import { t } from '../../src/i18n';

/** Longest email address accepted (RFC 5321's path limit). */
const MAX_EMAIL_LENGTH = 254;

export interface EmailFieldProps {
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  /** "email" (default), or "username" where the address signs in with a password. */
  autocomplete?: 'email' | 'username';
  autofocus?: boolean;
  hint?: string | undefined;
}

/** The email address field (id and name `email`). */
export function EmailField({ label, value, error, autocomplete = 'email', autofocus, hint }: EmailFieldProps) {
  return (
    <Field
      id="email"
      name="email"
      label={label}
      type="email"
      autocomplete={autocomplete}
      inputmode="email"
      maxlength={MAX_EMAIL_LENGTH}
      value={value}
      error={error}
      hint={hint}
      required
      autofocus={autofocus}
    />
  );
}

/** The password rules' numbers, for the hint. */
export interface PasswordRules {
  minLength: number;
  recommendedLength: number;
}

export interface NewPasswordFieldProps {
  label: string;
  rules: PasswordRules;
  error?: string | undefined;
  autofocus?: boolean;
}

/** A field for choosing a password (id and name `password`, autocomplete new-password), with the rules as its hint. */
export function NewPasswordField({ label, rules, error, autofocus }: NewPasswordFieldProps) {
  return (
    <Field
      id="password"
      name="password"
      label={label}
      type="password"
      autocomplete="new-password"
      hint={t('auth.password.hint', { min: rules.minLength, recommended: rules.recommendedLength })}
      error={error}
      required
      autofocus={autofocus}
    />
  );
}
