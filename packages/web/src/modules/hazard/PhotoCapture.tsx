import { CameraOutlined, CloseOutlined, LoadingOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadAttachment } from '../../shared/files/files';
import { useShowError } from '../../shared/forms';
// Its styles travel with it: the grid module's patrol visit uses it outside the hazard pages.
import './hazard.css';

/** One photo picked: its file id once uploaded, and a local preview (no round trip to show it). */
export interface CapturedPhoto {
  key: string;
  preview: string;
  id?: string;
  /** The photo itself, when its upload is left to the caller (`deferUpload`). */
  file?: File;
}

/** The ids of the photos whose upload finished. */
export const photoIds = (photos: CapturedPhoto[] | undefined): string[] => (photos ?? []).flatMap((p) => (p.id ? [p.id] : []));
/** Whether a photo is still being sent (the form waits for it). */
export const photosUploading = (photos: CapturedPhoto[] | undefined): boolean => (photos ?? []).some(isUploading);
const isUploading = (p: CapturedPhoto): boolean => !p.id && !p.file;

/**
 * Photos of a site taken with the phone's camera (`capture="environment"` opens the rear camera at
 * once; a desktop browser offers its file picker). Each is uploaded as soon as it is taken and shown
 * as a thumbnail with a large remove button; the form field's value is the list. A Form.Item control.
 * With `deferUpload` the photos are only kept (their `file`), for a caller that sends them later: a grid
 * member's visit recorded without signal is queued with its photos on the phone.
 */
export function PhotoCapture({
  value,
  onChange,
  id,
  testId = 'photo-capture',
  deferUpload = false,
}: {
  value?: CapturedPhoto[];
  onChange?: (photos: CapturedPhoto[]) => void;
  id?: string;
  testId?: string;
  deferUpload?: boolean;
}) {
  const { t } = useTranslation();
  const showError = useShowError();
  const inputId = useId();
  // The latest list, read by uploads that finish after the form has changed it.
  const current = useRef<CapturedPhoto[]>(value ?? []);
  current.current = value ?? [];
  const [previews] = useState(() => new Set<string>());
  // Local previews are object URLs: released when the control goes away.
  useEffect(() => () => previews.forEach((url) => URL.revokeObjectURL(url)), [previews]);

  const add = (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      const key = `${file.name}-${file.size}-${Math.random()}`;
      const preview = URL.createObjectURL(file);
      previews.add(preview);
      current.current = [...current.current, deferUpload ? { key, preview, file } : { key, preview }];
      onChange?.(current.current);
      if (deferUpload) continue;
      uploadAttachment(file)
        .then((meta) => {
          current.current = current.current.map((p) => (p.key === key ? { ...p, id: meta.id } : p));
          onChange?.(current.current);
        })
        .catch((error: unknown) => {
          showError(error);
          current.current = current.current.filter((p) => p.key !== key);
          onChange?.(current.current);
        });
    }
  };

  return (
    <div id={id} className="hazard-photos" data-testid={testId}>
      {(value ?? []).map((p, index) => (
        <div key={p.key} className="hazard-photo" data-testid="photo-thumb" data-uploaded={p.id ? 'true' : 'false'}>
          <img src={p.preview} alt={t('hazard.hazards.report.photoAlt', { index: index + 1 })} />
          {isUploading(p) && (
            <span className="hazard-photo-busy" role="status">
              <LoadingOutlined /> {t('hazard.hazards.report.uploading')}
            </span>
          )}
          <Button
            className="hazard-photo-remove"
            shape="circle"
            icon={<CloseOutlined />}
            aria-label={t('hazard.hazards.report.removePhoto', { index: index + 1 })}
            onClick={() => onChange?.((value ?? []).filter((x) => x.key !== p.key))}
          />
        </div>
      ))}
      <label htmlFor={inputId} className="hazard-photo-take">
        <CameraOutlined />
        <span>{t('hazard.hazards.report.takePhoto')}</span>
        <input
          id={inputId}
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          className="hazard-photo-input"
          onChange={(e) => {
            add(e.target.files);
            // The same photo may be taken again after it was removed.
            e.target.value = '';
          }}
          data-testid={`${testId}-input`}
        />
      </label>
      <Typography.Text type="secondary" className="hazard-photo-help">
        {t('hazard.hazards.report.photoHelp')}
      </Typography.Text>
    </div>
  );
}
