import { CloseOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import { api } from '@citysafe/domain';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Space, Steps, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { buildQuery } from '../../shared/api';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { FileImportButton } from '../../shared/files/AttachmentUpload';
import { postFile } from '../../shared/files/files';
import { useShowError } from '../../shared/forms';
import { pickText } from '../../shared/locale';
import { PageHeader } from '../../shared/PageHeader';
import { invalidatePaths } from '../../shared/query';
import { useSourceLabels } from './sourceLabels';

type Report = api.risk.ImportReport;
type Stage = 'upload' | 'preview' | 'done';
const stages: Stage[] = ['upload', 'preview', 'done'];

/** The sheet's columns as the import names them in its errors, in the words of the form. */
const columnKeys = {
  name: 'name',
  category: 'category',
  org: 'unit',
  orgName: 'unit',
  orgId: 'unit',
  unit: 'unit',
  address: 'address',
  responsiblePerson: 'person',
  responsiblePhone: 'personPhone',
  hazardFactors: 'hazardFactors',
  accidentTypes: 'accidentTypes',
  description: 'description',
  geometry: 'location',
  location: 'location',
} as const;

/**
 * 批量导入风险源: download the template, upload a filled sheet, see every row checked (the rows and
 * the errors by row and column) before anything is saved, then import them all — or, when some rows
 * have errors, only the valid ones if the user chooses so — or cancel.
 */
export default function ImportSourcesPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const labels = useSourceLabels();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const stage: Stage = report?.imported ? 'done' : report ? 'preview' : 'upload';
  const column = (field: string) => {
    const key = columnKeys[field as keyof typeof columnKeys];
    return key ? t(`risk.sources.${key}`) : field;
  };

  const check = async (picked: File) => {
    setBusy('check');
    setReport(null);
    try {
      setReport(api.risk.importReport.parse(await postFile(api.risk.previewImport.path, picked)));
      setFile(picked);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };
  const commit = async () => {
    if (!file || !report) return;
    setBusy('import');
    try {
      const validOnly = report.errors.length > 0 ? 'true' : 'false';
      const done = api.risk.importReport.parse(await postFile(api.risk.commitImport.path + buildQuery({ validOnly }), file));
      setReport(done);
      message.success(t('risk.sources.imported', { count: done.imported }));
      await invalidatePaths(client, '/api/risk');
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };
  const reset = () => {
    setFile(null);
    setReport(null);
  };

  const invalid = report ? report.total - report.valid : 0;

  return (
    <>
      <PageHeader
        title={t('risk.sources.importTitle')}
        extra={<Button onClick={() => navigate('/risk/sources')}>{t('risk.sources.back')}</Button>}
      />
      <Card size="small">
        <Steps
          size="small"
          current={stages.indexOf(stage)}
          items={stages.map((s) => ({ title: t(`risk.sources.importStep.${s}`) }))}
          style={{ marginBottom: 16 }}
        />
        <Typography.Paragraph>{t('risk.sources.importHelp')}</Typography.Paragraph>
        <Space wrap>
          <DownloadButton
            icon={<FileExcelOutlined />}
            path={api.risk.importTemplate.path}
            fileName={`${t('risk.sources.templateName')}.xlsx`}
            testId="import-template"
          >
            {t('risk.sources.template')}
          </DownloadButton>
          {stage !== 'done' && (
            <FileImportButton
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              busy={busy === 'check'}
              onFile={(f) => void check(f)}
              icon={<UploadOutlined />}
              testId="import-file"
            >
              {t('risk.sources.chooseFile')}
            </FileImportButton>
          )}
        </Space>
      </Card>
      {report && stage === 'preview' && (
        <Card size="small" className="sources-row" data-testid="import-preview">
          <Alert
            type={invalid > 0 ? 'warning' : 'success'}
            showIcon
            title={
              invalid > 0
                ? t('risk.sources.previewSummary', { total: report.total, valid: report.valid, invalid })
                : t('risk.sources.previewClean', { total: report.total })
            }
            data-testid="import-summary"
          />
          {report.errors.length > 0 && (
            <>
              <Typography.Title level={5} className="sources-row">
                {t('risk.sources.rowErrors')}
              </Typography.Title>
              <Table
                rowKey={(e) => `${e.row}-${e.field}-${pickText(e.message, 'zh-CN')}`}
                size="small"
                pagination={false}
                dataSource={report.errors}
                columns={[
                  { title: t('risk.sources.row'), dataIndex: 'row', width: 70 },
                  { title: t('risk.sources.column'), dataIndex: 'field', render: (f: string) => column(f) },
                  { title: t('risk.sources.error'), key: 'message', render: (_, e) => pickText(e.message, i18n.language) },
                ]}
                data-testid="import-errors"
              />
            </>
          )}
          <Table
            className="sources-row"
            rowKey="row"
            size="small"
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            dataSource={report.rows}
            columns={[
              { title: t('risk.sources.row'), dataIndex: 'row', width: 70 },
              { title: t('risk.sources.name'), dataIndex: 'name' },
              { title: t('risk.sources.category'), dataIndex: 'category', render: (c: string) => labels.category(c) },
              { title: t('risk.sources.unit'), dataIndex: 'orgName' },
              {
                title: t('risk.sources.status'),
                dataIndex: 'valid',
                width: 90,
                render: (valid: boolean) =>
                  valid ? <Tag color="success">{t('risk.sources.rowValid')}</Tag> : <Tag color="error">{t('risk.sources.rowInvalid')}</Tag>,
              },
            ]}
            data-testid="import-rows"
          />
          <Space wrap className="sources-row">
            <Button
              type="primary"
              disabled={report.valid === 0}
              loading={busy === 'import'}
              onClick={() => void commit()}
              data-testid="import-commit"
            >
              {invalid > 0 ? t('risk.sources.importValid', { count: report.valid }) : t('risk.sources.importAll', { count: report.valid })}
            </Button>
            <Button icon={<CloseOutlined />} onClick={reset} disabled={busy === 'import'} data-testid="import-cancel">
              {t('risk.sources.cancelImport')}
            </Button>
            {busy === 'import' && <Typography.Text type="secondary">{t('risk.sources.importing')}</Typography.Text>}
          </Space>
        </Card>
      )}
      {report && stage === 'done' && (
        <Card size="small" className="sources-row">
          <Alert type="success" showIcon title={t('risk.sources.imported', { count: report.imported })} data-testid="import-done" />
          <Space wrap className="sources-row">
            <Button type="primary" onClick={() => navigate('/risk/sources')}>
              {t('risk.sources.openList')}
            </Button>
            <Button onClick={reset}>{t('risk.sources.importAgain')}</Button>
          </Space>
        </Card>
      )}
    </>
  );
}
