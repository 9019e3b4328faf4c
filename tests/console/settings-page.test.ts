import { describe, expect, it } from 'vitest';
import { consoleCopy } from '../../lib/console/console-copy.ts';
import { EDITABLE_SETTINGS, settingsPage } from '../../lib/console/settings-page.ts';
import { maskSecretSettings } from '../../lib/tenants/mask-settings.ts';
import { TenantSettingsSchema } from '../../lib/tenants/settings.ts';

describe('the console settings page', () => {
  it('offers a field for every setting it names as editable, on a tenant with the defaults', () => {
    // Prepare: a tenant that has set nothing (a path that is not a setting would silently vanish)
    const frame = { language: 'en' as const, copy: consoleCopy('en'), signedIn: { person: 'Dana', tenantId: 'acme', csrfToken: 't' } };
    // Act
    const page = settingsPage(frame, maskSecretSettings(TenantSettingsSchema.parse({})));
    // Assess
    const fields = [...page.matchAll(/<input id="setting-[^"]+" type="text" name="([^"]+)"/g)].map((match) => match[1]);
    expect(fields).toEqual([...EDITABLE_SETTINGS]);
    expect(fields).toContain('contact.quietHours');
  });
});
