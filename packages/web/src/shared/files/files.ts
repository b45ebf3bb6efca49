import { api } from '@citysafe/domain';
import type { UploadFile } from 'antd';
import { buildPath, send } from '../api';

export type FileMeta = api.FileMeta;

/**
 * Posts one file as multipart (field `file`) with the session's CSRF token; resolves with the
 * JSON answer, rejects with the server's ApiError (413 too large, 415 type refused, 400 fields).
 */
export async function postFile(path: string, file: File): Promise<unknown> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await send(path, { method: 'POST', body: form });
  return response.json();
}

/** Uploads one attachment (佐证资料, an answer's evidence) to the file store. */
export async function uploadAttachment(file: File): Promise<FileMeta> {
  return api.fileMeta.parse(await postFile(api.uploadFile.path, file));
}

/** Where an attachment is downloaded from. */
export const fileUrl = (id: string): string => buildPath(api.downloadFile.path, { id });

/**
 * The file name of a `Content-Disposition` header: the UTF-8 form (`filename*=UTF-8''…`, how the
 * server sends Chinese names) first, then the plain one, else the caller's fallback.
 */
function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = disposition && /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return disposition?.match(/filename="?([^";]+)"?/i)?.[1] ?? fallback;
}

/** Hands a blob to the browser as a download under `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download; the object URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Downloads a file the server builds (台账, 通报, 督办通知书, 评分细则) through `fetch`, so a
 * refusal shows as a message instead of a page of JSON; the server's file name wins.
 */
export async function downloadFrom(path: string, fallbackName: string): Promise<void> {
  const response = await send(path);
  saveBlob(await response.blob(), fileNameOf(response.headers.get('content-disposition'), fallbackName));
}

/** The ids of the attachments an Upload list finished uploading. */
export const doneFileIds = (files: UploadFile<FileMeta>[] | undefined): string[] =>
  (files ?? []).flatMap((f) => (f.status === 'done' && f.response ? [f.response.id] : []));

/** Whether an Upload list is still sending a file (the form waits for it). */
export const stillUploading = (files: UploadFile<FileMeta>[] | undefined): boolean => (files ?? []).some((f) => f.status === 'uploading');
