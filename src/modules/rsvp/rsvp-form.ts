/** Sets a field as the form named it, even `__proto__`, so that validation sees it and refuses it as unknown. */
const own = (target: Record<string, unknown>, key: string, value: unknown) => Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

/**
 * An HTML form post (application/x-www-form-urlencoded) as the JSON body the API takes. Form fields
 * are flat (`delegates[0][fullName]`), all text, and a checkbox left unticked is simply absent: a
 * form always states the whole answer, so absent booleans are false and the delegate list is the
 * rows that were filled in.
 */
export function formToAnswer(form: Record<string, unknown>): Record<string, unknown> {
  const text = (value: unknown): string | undefined => {
    const v = Array.isArray(value) ? value[value.length - 1] : value;
    if (typeof v !== 'string') return undefined;
    const trimmed = v.trim();
    return trimmed === '' ? undefined : trimmed;
  };
  const answer: Record<string, unknown> = {};
  const rows = new Map<number, Record<string, unknown>>();
  for (const [key, value] of Object.entries(form)) {
    const member = /^delegates\[(\d{1,3})\]\[(\w+)\]$/.exec(key);
    if (member) {
      const row = rows.get(Number(member[1])) ?? {};
      own(row, member[2], text(value));
      rows.set(Number(member[1]), row);
      continue;
    }
    own(answer, key, text(value));
  }
  answer.needsVisaLetter = answer.needsVisaLetter === 'true' || answer.needsVisaLetter === 'on';
  for (const field of ['capacity', 'accessibilityNeeds', 'arrivalOn', 'departureOn', 'response']) {
    if (answer[field] === undefined) delete answer[field];
  }
  // An invitee who clears the accessibility box means "none", not "as before".
  if (!('accessibilityNeeds' in answer)) answer.accessibilityNeeds = '';
  answer.delegates = [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, row]) => row)
    .filter((row) => row.fullName !== undefined || row.email !== undefined)
    .map((row) => {
      const delegate: Record<string, unknown> = { ...row, needsVisaLetter: row.needsVisaLetter === 'true' || row.needsVisaLetter === 'on' };
      for (const [k, v] of Object.entries(delegate)) if (v === undefined) delete delegate[k];
      return delegate;
    });
  return answer;
}
