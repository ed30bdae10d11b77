/**
 * The language of a text or email to a parent (docs/i18n.md §6): the parent's stored choice
 * (`portal_accounts.language`, the account with the client's phone), else the business's
 * `text_language`. Read in the query that already loads the client and the business — one
 * column, a left join on the accounts' unique phone — never in a round trip of its own.
 */
import { sql, type SQL } from 'drizzle-orm';
import { businesses, portalAccounts } from '../db/schema';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../i18n';

/**
 * The column for a select that joins `businesses` and left-joins `portalAccounts` on the
 * client's phone (`eq(portalAccounts.phoneE164, clients.phoneE164)`).
 */
export function textLanguageColumn(): SQL<Language> {
  return sql<Language>`coalesce(${portalAccounts.language}, ${businesses.textLanguage})`;
}

/** A language read from the database, English for anything unexpected. */
export function textLanguageOf(value: unknown): Language {
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}
