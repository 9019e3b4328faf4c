import { describe, expect, it } from 'vitest';
import { addBusinessHours } from '../../lib/recovery/business-hours.ts';
import { TenantSettingsSchema, type BusinessHours } from '../../lib/tenants/settings.ts';

const hoursFactory = (changes: Partial<BusinessHours> = {}): BusinessHours => ({
  ...TenantSettingsSchema.parse({}).recovery.businessHours,
  timeZone: 'Europe/Paris',
  ...changes,
});
const at = (iso: string) => new Date(iso);

describe('SLA due times in business hours', () => {
  it('an 8-hour SLA raised on Friday at 16:00 is due on Monday at 16:00, across the weekend', () => {
    // Prepare: Friday 20 November 2026, 16:00 in Paris (UTC+1); 09:00–17:00 Monday to Friday
    const raised = at('2026-11-20T15:00:00Z');
    // Act
    const due = addBusinessHours(raised, 8, hoursFactory());
    // Assess: one hour on Friday, seven on Monday
    expect(due.toISOString()).toBe('2026-11-23T15:00:00.000Z');
  });

  it('a signal arriving on Saturday starts its clock when Monday opens', () => {
    expect(addBusinessHours(at('2026-11-21T10:00:00Z'), 2, hoursFactory()).toISOString()).toBe('2026-11-23T10:00:00.000Z');
  });

  it('before opening and after closing count nothing', () => {
    const hours = hoursFactory();
    expect(addBusinessHours(at('2026-11-23T05:00:00Z'), 1, hours).toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(addBusinessHours(at('2026-11-23T19:00:00Z'), 1, hours).toISOString()).toBe('2026-11-24T09:00:00.000Z');
  });

  it('the weekend the clocks go back: due at Monday 16:00 local, which is an hour later in UTC than on Friday', () => {
    // Prepare: Friday 23 October 2026, 16:00 CEST (UTC+2); Paris changes to CET (UTC+1) on Sunday 25th
    const raised = at('2026-10-23T14:00:00Z');
    // Act
    const due = addBusinessHours(raised, 8, hoursFactory());
    // Assess: Monday 26 October 16:00 CET
    expect(due.toISOString()).toBe('2026-10-26T15:00:00.000Z');
  });

  it('a working day on which the clocks go forward is an hour shorter', () => {
    // Prepare: open Sundays only, round the clock; 29 March 2026 has 23 hours in Paris
    const hours = hoursFactory({ weekdays: ['sun'], open: '00:00', close: '24:00' });
    // Act: 24 hours of work from Sunday 00:00 CET
    const due = addBusinessHours(at('2026-03-28T23:00:00Z'), 24, hours);
    // Assess: 23 on that Sunday, the last hour the next Sunday from 00:00 CEST
    expect(due.toISOString()).toBe('2026-04-04T23:00:00.000Z');
  });

  it('honours the tenant time zone, weekdays and opening hours', () => {
    // Prepare: New York, Tuesday to Saturday, 10:00–18:00; Monday 23 November 2026 15:00 UTC = 10:00 EST
    const hours = hoursFactory({ timeZone: 'America/New_York', weekdays: ['tue', 'wed', 'thu', 'fri', 'sat'], open: '10:00', close: '18:00' });
    // Act
    const due = addBusinessHours(at('2026-11-23T15:00:00Z'), 10, hours);
    // Assess: nothing on Monday; 8 hours Tuesday, 2 on Wednesday → Wednesday 12:00 EST
    expect(due.toISOString()).toBe('2026-11-25T17:00:00.000Z');
  });

  it('refuses a schedule that closes before it opens, naming the setting', () => {
    const result = TenantSettingsSchema.safeParse({ recovery: { businessHours: { open: '18:00', close: '09:00' } } });
    expect(result.error?.issues[0]).toMatchObject({ path: ['recovery', 'businessHours', 'close'], message: 'open must be before close' });
  });
});
