/** The one layout's head: a real icon and manifest our own CSP allows (not a blocked data: URL), and a meta description. */
import { describe, expect, it } from 'vitest';
import { get } from '../helpers/http';

describe('the page layout', () => {
  it('links the versioned icon and web app manifest from static, and describes the page', async () => {
    const html = await (await get('/sign-in')).text();
    expect(html).toContain('<link rel="icon" href="/icons/pawtal-v1.svg" type="image/svg+xml"/>');
    expect(html).toContain('<link rel="manifest" href="/icons/manifest-v2.webmanifest"/>');
    expect(html).toMatch(/<meta name="description" content="[^"]{40,}"\/>/);
    expect(html).not.toContain('href="data:');
  });
});
