import type { DisplayNameForm } from '../../events/feedback-event.ts';

/** The name shown next to a testimonial, in the form the customer chose; null for anonymous or unknown (pure). */
export const renderDisplayName = (form: DisplayNameForm, firstName: string | null, lastName: string | null): string | null => {
  const first = firstName?.trim() || null;
  const last = lastName?.trim() || null;
  switch (form) {
    case 'full_name':
      return [first, last].filter(Boolean).join(' ') || null;
    case 'first_name_last_initial':
      return first ? (last ? `${first} ${[...last][0]?.toUpperCase()}.` : first) : null;
    case 'first_name':
      return first;
    case 'anonymous':
      return null;
  }
};
