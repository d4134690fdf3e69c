import { DashboardCatalogues } from './dashboard-catalogues';
import { renderDashboardPage, renderLoginPage, scriptJson } from './dashboard-page';

const catalogues = new DashboardCatalogues();
const base = (language: string) => ({ catalogue: catalogues.catalogue(language), languages: catalogues.languages(), assetVersions: { 'dashboard.js': 'abc', 'page-kit.js': 'def' } });

describe('dashboard page', () => {
  it('escapes what it did not write itself', () => {
    const html = renderDashboardPage({
      ...base('en'),
      caller: { name: '<img src=x onerror=alert(1)>', role: 'admin' },
      lifecycle: ['planning'],
      pollMs: 3000,
      queueBoardUrl: '/admin/queues',
    });
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('/dashboard/assets/dashboard.js?v=abc');
    // The shared script defines what the page's own script starts by reading.
    expect(html.indexOf('/dashboard/assets/page-kit.js?v=def')).toBeGreaterThan(-1);
    expect(html.indexOf('/dashboard/assets/page-kit.js')).toBeLessThan(html.indexOf('/dashboard/assets/dashboard.js'));
  });

  it('keeps the embedded configuration inside its script element', () => {
    expect(scriptJson({ text: '</script><script>alert(1)</script>' })).not.toContain('</script>');
  });

  it('is in the language asked for, with its direction', () => {
    const html = renderLoginPage(base('fr'));
    expect(html).toContain('<html lang="fr" dir="ltr">');
    expect(html).toContain('Clé d’API');
    expect(html).toMatch(/<label for="api-key">/);
  });

  it('links the queue dashboard only for admins', () => {
    const page = (role: 'admin' | 'viewer') =>
      renderDashboardPage({ ...base('en'), caller: { name: 'desk', role }, lifecycle: [], pollMs: 3000, queueBoardUrl: role === 'admin' ? '/admin/queues' : null });
    expect(page('admin')).toContain('href="/admin/queues"');
    expect(page('viewer')).not.toContain('/admin/queues');
  });
});
