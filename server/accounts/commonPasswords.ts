/**
 * Passwords too common to allow (OWASP ASVS 5.0 V6.2.4: check against the most common passwords
 * without a network call). Built from the best-known public "most common passwords" lists
 * (SecLists' top passwords, the NCSC top 100k head, the widely reported Chinese top lists such as
 * woaini1314), each word also with the suffixes people add (1, 123, !, years), keyboard walks,
 * digit runs, repeated characters and birthdays, plus words of this product (practicum,
 * student, teacher). Entries shorter than 8 characters are left out: the length rule refuses them.
 * Compared lower-cased; one entry a line, in common-passwords.txt beside this file (data, not code).
 */
import { readFileSync } from 'node:fs';

const LIST = readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8');

export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(LIST.split('\n').filter(Boolean));
