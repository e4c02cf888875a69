import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { marketplaceApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { PluginDetailsPage } from './PluginDetailsPage';
import { detailsApi, pluginDetails } from './testData';

// Every way a README could try to run code or load active content.
const HOSTILE_README = [
  '# Hostile',
  '<script>window.pwned = "script"</script>',
  '<img src="x" onerror="window.pwned = \'img\'">',
  '[markdown link](javascript:alert(1))',
  '<a href="javascript:alert(2)">raw link</a>',
  '<a href="JaVaScRiPt:alert(3)">mixed case</a>',
  '<a href="java&#x09;script:alert(4)">entity tab</a>',
  '<a href="vbscript:msgbox(5)">vbscript link</a>',
  '![data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '<img src="data:image/svg+xml,<svg onload=alert(6)>">',
  '<iframe src="https://evil.example/"></iframe>',
  '<object data="https://evil.example/x.swf"></object>',
  '<embed src="https://evil.example/x.swf">',
  '<form action="javascript:alert(7)"><button formaction="javascript:alert(8)">go</button></form>',
  '<svg><script>alert(9)</script></svg>',
  '<div style="background:url(javascript:alert(10))" onclick="alert(11)">styled</div>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(12)">',
  '<style>body { display: none }</style>',
  '',
  '[a safe link](https://example.com/docs)',
].join('\n\n');

const UNSAFE_URL = /^(javascript|data|vbscript):/i;
const URL_ATTRIBUTES = ['href', 'src', 'action', 'xlink:href', 'data', 'to'];

/** What the browser would take the scheme to be: it ignores ASCII whitespace and control characters in it. */
function scheme(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0020]/g, '');
}

describe('README rendering', () => {
  afterEach(() => {
    delete (window as { pwned?: string }).pwned;
  });

  it('lets nothing executable from a hostile README reach the DOM', async () => {
    const api = detailsApi(pluginDetails(), {
      getDocumentation: async pluginId => ({ pluginId, readme: HOSTILE_README }),
    });
    await renderInTestApp(<PluginDetailsPage />, {
      mountPath: '/marketplace/plugins/:pluginId',
      initialRouteEntries: ['/marketplace/plugins/acme.todo'],
      mountedRoutes: { '/marketplace': rootRouteRef },
      apis: [[marketplaceApiRef, api], mockApis.permission()],
    });

    const heading = await screen.findByRole('heading', { name: 'Hostile' }, { timeout: 5000 });
    const readme = heading.parentElement!;

    // The safe parts render; the text of neutralised links stays readable.
    expect(screen.getByRole('link', { name: /a safe link/ })).toHaveAttribute(
      'href',
      'https://example.com/docs',
    );
    expect(screen.getByText('markdown link')).toBeInTheDocument();
    expect(screen.getByText('raw link')).toBeInTheDocument();

    for (const tag of ['script', 'iframe', 'object', 'embed', 'form', 'meta', 'style', 'svg']) {
      expect(readme.querySelectorAll(tag)).toHaveLength(0);
    }
    const attributes = Array.from(readme.querySelectorAll('*')).flatMap(element =>
      Array.from(element.attributes).map(a => ({ name: a.name.toLowerCase(), value: a.value })),
    );
    expect(attributes.filter(a => a.name.startsWith('on'))).toEqual([]);
    expect(attributes.filter(a => ['style', 'formaction'].includes(a.name))).toEqual([]);
    expect(
      attributes.filter(
        a => URL_ATTRIBUTES.includes(a.name) && UNSAFE_URL.test(scheme(a.value)),
      ),
    ).toEqual([]);
    expect((window as { pwned?: string }).pwned).toBeUndefined();
  });
});
