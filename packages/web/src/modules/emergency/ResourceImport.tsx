import { UploadOutlined } from '@ant-design/icons';
import { api } from '@citysafe/domain';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Modal, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildQuery } from '../../shared/api';
import { FileImportButton } from '../../shared/files/AttachmentUpload';
import { postFile } from '../../shared/files/files';
import { useShowError } from '../../shared/forms';
import { pickText } from '../../shared/locale';
import { invalidatePaths } from '../../shared/query';

type Report = api.emergencyResources.ImportReport;

/**
 * 导入: upload an xlsx (the register's own export is the template), see every row checked with the errors by
 * row and column before anything is saved, then import all, or only the valid rows, or cancel.
 */
export function ResourceImport({ path }: { path: string }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async (picked: File) => {
    setBusy(true);
    try {
      setReport(api.emergencyResources.importReport.parse(await postFile(`/api/emergency/${path}/import/preview`, picked)));
      setFile(picked);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const commit = async () => {
    if (!file || !report) return;
    setBusy(true);
    try {
      const validOnly = report.errors.length > 0 ? 'true' : 'false';
      const done = api.emergencyResources.importReport.parse(
        await postFile(`/api/emergency/${path}/import${buildQuery({ validOnly })}`, file),
      );
      message.success(t('emergency.resources.imported', { count: done.imported }));
      setReport(null);
      setFile(null);
      await invalidatePaths(client, '/api/emergency');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  const invalid = report ? report.total - report.valid : 0;

  return (
    <>
      <FileImportButton
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        busy={busy && !report}
        onFile={(f) => void check(f)}
        icon={<UploadOutlined />}
        testId={`import-${path}`}
      >
        {t('emergency.resources.import')}
      </FileImportButton>
      <Modal
        open={report !== null}
        title={t('emergency.resources.importPreview')}
        width={720}
        onCancel={() => setReport(null)}
        footer={
          <Space>
            <Button onClick={() => setReport(null)} data-testid="import-cancel">
              {t('emergency.resources.cancel')}
            </Button>
            <Button
              type="primary"
              disabled={!report || report.valid === 0}
              loading={busy}
              onClick={() => void commit()}
              data-testid="import-commit"
            >
              {invalid > 0
                ? t('emergency.resources.importValid', { count: report?.valid ?? 0 })
                : t('emergency.resources.importAll', { count: report?.valid ?? 0 })}
            </Button>
          </Space>
        }
      >
        {report && (
          <div data-testid="import-preview">
            <Alert
              type={invalid > 0 ? 'warning' : 'success'}
              showIcon
              title={t('emergency.resources.previewSummary', { total: report.total, valid: report.valid, invalid })}
              style={{ marginBottom: 12 }}
            />
            {report.errors.length > 0 && (
              <Table
                rowKey={(e) => `${e.row}-${e.field}-${pickText(e.message, 'zh-CN')}`}
                size="small"
                pagination={false}
                dataSource={report.errors}
                columns={[
                  { title: t('emergency.resources.row'), dataIndex: 'row', width: 70 },
                  { title: t('emergency.resources.column'), dataIndex: 'field', width: 140 },
                  { title: t('emergency.resources.error'), key: 'message', render: (_, e) => pickText(e.message, i18n.language) },
                ]}
                data-testid="import-errors"
              />
            )}
          </div>
        )}
      </Modal>
    </>
  );
}
