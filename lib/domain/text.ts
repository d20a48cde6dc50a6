/**
 * C0 and C1 control characters (NUL, escape sequences, line breaks): none
 * belongs in a name, an id or a partner's reference, and stored they break
 * the exports, logs and CRMs a lead travels on to.
 */
const CONTROL_CHARACTERS = /\p{Cc}/u;

export const hasControlCharacters = (text: string): boolean => CONTROL_CHARACTERS.test(text);
