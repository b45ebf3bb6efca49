import { UploadOutlined } from '@ant-design/icons';
import { Button, Upload, type UploadFile } from 'antd';
import { useTranslation } from 'react-i18next';
import { useShowError } from '../../shared/forms';
import { type FileMeta, uploadEvidence } from './files';

/**
 * 佐证资料: attachments uploaded one by one as they are picked, for a Form.Item with
 * `valuePropName="fileList"`; the form sends the ids of those that finished.
 */
export function EvidenceUpload({
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
      accept=".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png,.txt"
      customRequest={({ file, onSuccess, onError }) => {
        uploadEvidence(file as File)
          .then((meta) => onSuccess?.(meta))
          .catch((error: unknown) => {
            showError(error);
            onError?.(error instanceof Error ? error : new Error(String(error)));
          });
      }}
      data-testid="evidence-upload"
    >
      <Button icon={<UploadOutlined />}>{t('campaign.upload')}</Button>
    </Upload>
  );
}
