import { UploadOutlined } from '@ant-design/icons';
import { Button, Upload, type UploadFile } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../forms';
import { type FileMeta, uploadAttachment } from './files';

/** The office and image files the file store accepts (it checks the content again). */
const attachmentTypes = '.pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png,.txt';

/**
 * Attachments uploaded one by one as they are picked, for a Form.Item with
 * `valuePropName="fileList"`; the form sends the ids of those that finished (`doneFileIds`).
 */
export function AttachmentUpload({
  fileList,
  onChange,
}: {
  fileList?: UploadFile<FileMeta>[];
  onChange?: (info: { fileList: UploadFile<FileMeta>[] }) => void;
}) {
  const { t } = useTranslation();
  const showError = useShowError();
  return (
    <Upload<FileMeta>
      multiple
      fileList={fileList}
      onChange={onChange}
      accept={attachmentTypes}
      customRequest={({ file, onSuccess, onError }) => {
        uploadAttachment(file as File)
          .then((meta) => onSuccess?.(meta))
          .catch((error: unknown) => {
            showError(error);
            onError?.(error instanceof Error ? error : new Error(String(error)));
          });
      }}
      data-testid="evidence-upload"
    >
      <Button icon={<UploadOutlined />}>{t('common.upload')}</Button>
    </Upload>
  );
}

/**
 * One file picked and posted straight away (an xlsx import): `onFile` sends it and reports
 * the outcome, the button shows progress meanwhile.
 */
export function FileImportButton({
  accept,
  busy,
  onFile,
  icon,
  testId,
  children,
}: {
  accept: string;
  busy: boolean;
  onFile: (file: File) => void;
  icon?: ReactNode;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Upload accept={accept} showUploadList={false} customRequest={({ file }) => onFile(file as File)}>
      <Button icon={icon} loading={busy} data-testid={testId}>
        {children}
      </Button>
    </Upload>
  );
}
