// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Form, type UploadFile } from 'antd';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { setCsrfToken } from '../api';
import { fakeServer, json, renderWithApp } from '../testing/render';
import { AttachmentUpload } from './AttachmentUpload';
import { DownloadButton } from './DownloadButton';
import { type FileMeta, doneFileIds } from './files';

/** The links the page clicked to save a file, with the name the browser would save it under. */
let saved: { name: string; href: string }[] = [];

beforeEach(() => {
  saved = [];
  setCsrfToken('csrf-1');
  // jsdom neither makes object URLs nor downloads: record what would be saved.
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:ledger', revokeObjectURL: () => undefined }));
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, href: this.getAttribute('href') ?? '' });
  });
});

afterEach(() => {
  cleanup();
  setCsrfToken(null);
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const meta: FileMeta = {
  id: '00000000-0000-4000-8000-0000000000f1',
  name: '验收报告.pdf',
  mimeType: 'application/pdf',
  sizeBytes: 15,
  sha256: 'ab'.repeat(32),
  orgId: '00000000-0000-4000-8000-000000000999',
  uploadedBy: null,
  createdAt: '2026-03-01T02:00:00.000Z',
};

describe('attachment upload', () => {
  test('posts the picked file as multipart with the CSRF token, and the form gets its id', async () => {
    const server = fakeServer(() => json(201, meta));
    let files: UploadFile<FileMeta>[] = [];
    function Evidence() {
      return (
        <Form onValuesChange={(_, all: { fileIds?: UploadFile<FileMeta>[] }) => (files = all.fileIds ?? [])}>
          <Form.Item name="fileIds" valuePropName="fileList" getValueFromEvent={(e: { fileList: UploadFile<FileMeta>[] }) => e.fileList}>
            <AttachmentUpload />
          </Form.Item>
        </Form>
      );
    }
    const { container } = renderWithApp(<Evidence />);
    const pdf = new File(['%PDF-1.4\n%%EOF\n'], '验收报告.pdf', { type: 'application/pdf' });
    await userEvent.upload(container.querySelector<HTMLInputElement>('input[type=file]')!, pdf);

    await waitFor(() => expect(doneFileIds(files)).toEqual([meta.id]));
    const [request] = server.requests();
    expect(request!.url.pathname).toBe('/api/files');
    expect(request!.init.method).toBe('POST');
    expect(request!.init.headers).toMatchObject({ 'X-CSRF-Token': 'csrf-1' });
    const sent = (request!.init.body as FormData).get('file') as File;
    expect(sent.name).toBe('验收报告.pdf');
    expect([sent.size, sent.type]).toEqual([pdf.size, 'application/pdf']);
  });

  test('a refused file shows the server’s reason and is not counted as done', async () => {
    fakeServer(() => json(415, { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: { zh: '不支持此文件类型', en: 'Unsupported' } } }));
    const { container } = renderWithApp(<AttachmentUpload />);
    await userEvent.upload(container.querySelector<HTMLInputElement>('input[type=file]')!, new File(['MZ'], '工具.pdf'));
    await screen.findByText('不支持此文件类型');
    await waitFor(() => expect(container.querySelector('.ant-upload-list-item-error')?.textContent).toContain('工具.pdf'));
    expect(container.querySelector('.ant-upload-list-item-done')).toBeNull();
  });
});

describe('download button', () => {
  const ledger = (disposition: string | null) =>
    fakeServer(
      () =>
        new Response('xlsx bytes', {
          status: 200,
          headers: disposition ? { 'content-type': 'application/vnd.ms-excel', 'content-disposition': disposition } : {},
        }),
    );

  test('saves under the Chinese name the server sends', async () => {
    const server = ledger(`attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent('任务台账_2026.xlsx')}`);
    renderWithApp(
      <DownloadButton path="/api/campaigns/c1/ledger.xlsx" fileName="台账.xlsx">
        下载台账
      </DownloadButton>,
    );
    await userEvent.click(screen.getByRole('button', { name: /下载台账/ }));
    await waitFor(() => expect(saved).toEqual([{ name: '任务台账_2026.xlsx', href: 'blob:ledger' }]));
    expect(server.requests()[0]!.url.pathname).toBe('/api/campaigns/c1/ledger.xlsx');
  });

  test('falls back to the page’s name when the server names none', async () => {
    ledger(null);
    renderWithApp(
      <DownloadButton path="/api/campaigns/c1/ledger.xlsx" fileName="台账.xlsx">
        下载台账
      </DownloadButton>,
    );
    await userEvent.click(screen.getByRole('button', { name: /下载台账/ }));
    await waitFor(() => expect(saved.map((s) => s.name)).toEqual(['台账.xlsx']));
  });

  test('a refusal shows as a message, and nothing is saved', async () => {
    fakeServer(() => json(403, { error: { code: 'FORBIDDEN', message: { zh: '无权下载', en: 'Forbidden' } } }));
    renderWithApp(
      <DownloadButton path="/api/campaigns/c1/bulletin.docx" fileName="通报.docx">
        工作通报
      </DownloadButton>,
    );
    await userEvent.click(screen.getByRole('button', { name: /工作通报/ }));
    await screen.findByText('无权下载');
    expect(saved).toEqual([]);
  });
});
