import { type ErrorBody, type ErrorCode, api, defaultErrorMessages, errorStatus } from '@citysafe/domain';
import type { UploadFile } from 'antd';
import { ApiError, buildPath, call } from '../../shared/api';

export type FileMeta = api.FileMeta;

const isErrorBody = (body: unknown): body is ErrorBody =>
  typeof body === 'object' && body !== null && 'error' in body && typeof (body as { error: unknown }).error === 'object';

/** The typed error of a failed upload or download, like `call` raises. */
async function failure(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  if (isErrorBody(body)) return new ApiError(response.status, body.error);
  const code = (Object.entries(errorStatus).find(([, s]) => s === response.status)?.[0] as ErrorCode | undefined) ?? 'INTERNAL';
  return new ApiError(response.status, { code, message: defaultErrorMessages[code] });
}

/**
 * Uploads one 佐证资料 attachment. `call` sends JSON only, and its CSRF token is private to it, so
 * multipart writes ask `me` for the token again.
 */
export async function uploadEvidence(file: File): Promise<FileMeta> {
  return api.fileMeta.parse(await postFile(api.uploadFile.path, file));
}

/** Posts one file as multipart (field `file`) with the session's CSRF token; the JSON answer or an ApiError. */
export async function postFile(path: string, file: File): Promise<unknown> {
  const { csrfToken } = await call(api.me);
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await fetch(path, {
    method: 'POST',
    body: form,
    credentials: 'include',
    headers: { Accept: 'application/json', 'X-CSRF-Token': csrfToken },
  });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** Where an attachment is downloaded from. */
export const fileUrl = (id: string): string => buildPath(api.downloadFile.path, { id });

/** The file name of a `Content-Disposition: attachment; filename*=UTF-8''…` header. */
function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = disposition && /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return disposition?.match(/filename="?([^";]+)"?/i)?.[1] ?? fallback;
}

/**
 * Downloads a file the server builds (the official ledger), so a refusal shows as a message
 * instead of a page of JSON.
 */
export async function downloadFrom(path: string, fallbackName: string): Promise<void> {
  const response = await fetch(path, { credentials: 'include' });
  if (!response.ok) throw await failure(response);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(response.headers.get('content-disposition'), fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The ids of the attachments an Upload list finished uploading. */
export const doneFileIds = (files: UploadFile<FileMeta>[] | undefined): string[] =>
  (files ?? []).flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : []));

/** Whether an Upload list is still sending a file (the form waits for it). */
export const stillUploading = (files: UploadFile<FileMeta>[] | undefined): boolean => (files ?? []).some((f) => f.status === 'uploading');
