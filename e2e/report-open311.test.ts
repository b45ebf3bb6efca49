import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { apiSession, type Harness, label, screenshot, startHarness } from './harness';

/**
 * Open311 接入 (/reports/open311-clients): 安委办 issues an API key to the district's mini-program, the key is shown
 * once; the app reports over GeoReport v2 with it (a real form-encoded POST to the running server) and the list
 * counts the report; revoking the key shuts the app out (403 in the spec's errors document).
 */

let harness: Harness;
const officePassword = 'Awb#Open311-2024';

async function createOfficer(url: string): Promise<void> {
  const send = await apiSession(url);
  const orgs = await send<{ items: { id: string; code: string }[] }>('GET', '/api/orgs?pageSize=2000');
  await send('POST', '/api/users', {
    username: 'awb_open311',
    displayName: '安委办赵科长',
    orgId: orgs.items.find((o) => o.code === 'AWB')!.id,
    roles: ['safety_office'],
    password: officePassword,
    mustChangePassword: false,
  });
}

beforeAll(async () => {
  harness = await startHarness();
  await createOfficer(harness.url);
});
afterAll(() => harness?.close());

const report = (apiKey: string) =>
  fetch(`${harness.url}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams({
      api_key: apiKey,
      service_code: 'fire_exit',
      address_string: '新筑街道新兴路 18 号',
      description: '商场后门消防通道被货物堵塞，已有一周时间',
    }).toString(),
  });

describe('Open311 接入', () => {
  test('安委办 issues a key, the app reports with it, the key is revoked', async () => {
    const { page, errors } = await harness.session();
    await harness.login(page, 'awb_open311', officePassword);

    await page.goto(`${harness.url}/reports/open311-clients`);
    await page.getByRole('heading', { name: 'Open311 接入应用' }).waitFor();
    expect(await page.getByTestId('open311-discovery').textContent()).toBe(`${harness.url}/open311/v2/discovery.xml`);
    await page.getByRole('button', { name: label('签发 API key') }).click();
    await page
      .getByRole('dialog')
      .getByRole('textbox', { name: /应用名称/ })
      .fill('西港随手拍小程序');
    await page.getByRole('button', { name: label('保存') }).click();
    const shown = page.getByTestId('open311-key');
    await shown.waitFor();
    const apiKey = (await shown.textContent())!.trim();
    expect(apiKey).toMatch(/^o311_/);
    // The dialog's zoom-in animation done, so that the picture shows it, not its fade.
    await page.waitForTimeout(600);
    await screenshot(page, 'report-open311-key-issued', { fullPage: false });
    await page.getByRole('button', { name: label('我已保存') }).click();

    // The app reports with it over the real HTTP endpoint.
    const created = await report(apiKey);
    expect(created.status).toBe(201);
    const [first] = (await created.json()) as { service_request_id: string }[];
    const serviceRequestId = first!.service_request_id;
    expect(serviceRequestId).toMatch(/^JB-\d{4}-\d{6}$/);

    await page.reload();
    const row = page.getByTestId('open311-client-table').getByRole('row', { name: /西港随手拍小程序/ });
    await row.waitFor();
    expect(await row.textContent()).toContain(apiKey.slice(0, 10));
    expect(await row.getByRole('cell').nth(3).textContent()).toBe('1');
    await screenshot(page, 'report-open311-clients');

    await row.getByRole('button', { name: label('吊销') }).click();
    await page
      .locator('.ant-popconfirm:visible')
      .getByRole('button', { name: label('吊销') })
      .click();
    await page.getByText('API key 已吊销').waitFor();
    await row.getByText('已吊销').waitFor();
    const refused = await report(apiKey);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);
    expect(errors).toEqual([]);
  });
});
