/**
 * A mainland China mobile number (11 digits starting 13–19, optionally written with +86 or 86,
 * spaces or hyphens) from a phone field, as the digits a group robot @-mentions; a landline or an
 * extension gives none.
 */
export function mobileOf(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/[\s-]/g, '').replace(/^(\+?86)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}
