import { ArrowLeftOutlined, FileWordOutlined, PaperClipOutlined } from '@ant-design/icons';
import { api, campaign as plan } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Spin,
  Tag,
  Typography,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorPage } from '../../app/ErrorPage';
import { buildPath, call, isApiError } from '../../shared/api';
import { AttachmentUpload } from '../../shared/files/AttachmentUpload';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { type FileMeta, doneFileIds, fileUrl, stillUploading } from '../../shared/files/files';
import { useActionInputRule, useShowError } from '../../shared/forms';
import { useFormatTime } from '../../shared/format';
import { PageHeader } from '../../shared/PageHeader';
import { apiKey, invalidatePaths, useApiQuery } from '../../shared/query';
import { ActionModal } from '../../shared/workflow/ActionModal';
import { WorkflowTimeline } from '../../shared/workflow/WorkflowTimeline';
import { campaignPathPrefix } from './data';
import { solidTagColor } from './labels';
import { type Supervision, SupervisionStatusTag, useSupervisionLabels } from './supervision';

const answerInput = plan.supervisionWorkflow.actions.answer.input;

/** 答复督办: what the unit did about the notice, with attachments. */
function AnswerModal({
  supervision,
  onDone,
  onClose,
}: {
  supervision: Supervision;
  onDone: (s: Supervision) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const inputRule = useActionInputRule();
  const labels = useSupervisionLabels();
  const [form] = Form.useForm<{ response: string; fileIds?: UploadFile<FileMeta>[] }>();
  const answer = useMutation({
    mutationFn: (v: { response: string; fileIds?: UploadFile<FileMeta>[] }) =>
      call(api.campaign.supervisionAction, {
        params: { id: supervision.id, action: 'answer' },
        body: { response: v.response, fileIds: doneFileIds(v.fileIds) },
      }),
    onSuccess: (s) => {
      message.success(t('campaign.actionDone', { action: labels.action('answer') }));
      onDone(s);
    },
    onError: (error) => showError(error, form),
  });
  return (
    <Modal
      open
      title={t('campaign.supervision.answerTitle', { docNo: supervision.docNo })}
      okText={labels.action('answer')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={answer.isPending}
      destroyOnHidden
      width={600}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => (stillUploading(v.fileIds) ? message.warning(t('campaign.uploadPending')) : answer.mutate(v))}
      >
        <Form.Item
          name="response"
          label={t('campaign.supervision.response')}
          rules={[inputRule(answerInput, 'response', t('campaign.supervision.responseRequired'))]}
        >
          <Input.TextArea rows={5} maxLength={5000} showCount data-testid="supervision-response" />
        </Form.Item>
        <Form.Item
          name="fileIds"
          label={t('campaign.evidence')}
          valuePropName="fileList"
          getValueFromEvent={(e: { fileList: UploadFile<FileMeta>[] }) => e.fileList}
        >
          <AttachmentUpload />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 督办通知: the notice, the unit's answer with its attachments, the decisions, and the Word copy. */
export default function SupervisionDetailPage() {
  const { t } = useTranslation();
  const time = useFormatTime();
  const navigate = useNavigate();
  const client = useQueryClient();
  const showError = useShowError();
  const { message } = App.useApp();
  const labels = useSupervisionLabels();
  const { supervisionId = '' } = useParams();
  const [dialog, setDialog] = useState<'answer' | 'reject' | null>(null);
  const input = { params: { id: supervisionId } };
  const { data: s, error, isPending } = useApiQuery(api.campaign.getSupervision, input);

  if (isApiError(error, 'NOT_FOUND')) return <ErrorPage status={404} />;
  if (isPending || !s) return <Spin size="large" className="page-spin" />;

  const onDone = (next: Supervision) => {
    client.setQueryData(apiKey(api.campaign.getSupervision, input), next);
    setDialog(null);
    void invalidatePaths(client, campaignPathPrefix);
  };
  const close = async () => {
    try {
      onDone(await call(api.campaign.supervisionAction, { params: { id: s.id, action: 'close' }, body: {} }));
      message.success(t('campaign.actionDone', { action: labels.action('close') }));
    } catch (e) {
      showError(e);
    }
  };
  const can = (action: Supervision['allowedActions'][number]) => s.allowedActions.includes(action);

  return (
    <>
      <PageHeader
        title={
          <span className="campaign-title">
            {t('campaign.supervision.noticeTitle')}
            <Typography.Text type="secondary" className="campaign-docno">
              {s.docNo}
            </Typography.Text>
          </span>
        }
        extra={
          <>
            <DownloadButton
              icon={<FileWordOutlined />}
              path={buildPath(api.campaign.supervisionDocx.path, { id: s.id })}
              fileName={`${s.docNo}.docx`}
              testId="supervision-docx"
            >
              {t('campaign.supervision.downloadNotice')}
            </DownloadButton>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(`/campaign/${s.campaignId}/supervisions`)}>
              {t('campaign.supervision.backToList')}
            </Button>
          </>
        }
      />
      <Card size="small" data-testid="supervision-detail" extra={<SupervisionStatusTag status={s.status} />} title={s.orgName}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            {
              key: 'task',
              label: t('campaign.supervision.task'),
              children: <Link to={`/campaign/tasks/${s.taskId}`}>{t('campaign.taskTitle', { seq: s.taskSeq })}</Link>,
            },
            {
              key: 'due',
              label: t('campaign.supervision.responseDue'),
              children: (
                <>
                  {s.responseDue}
                  {s.overdue && (
                    <Tag color={solidTagColor.red} variant="solid" className="campaign-tag-after">
                      {t('campaign.supervision.overdue')}
                    </Tag>
                  )}
                </>
              ),
            },
            { key: 'by', label: t('campaign.supervision.issuedBy'), children: s.issuedBy },
            { key: 'at', label: t('campaign.supervision.issuedAt'), children: time(s.createdAt) },
            {
              key: 'content',
              label: t('campaign.supervision.content'),
              children: <span className="campaign-pre">{s.content}</span>,
              span: { xs: 1, sm: 2 },
            },
          ]}
        />
        {(can('answer') || can('close') || can('reject')) && (
          <Space wrap className="campaign-part-actions">
            {can('answer') && (
              <Button type="primary" onClick={() => setDialog('answer')} data-testid="supervision-answer">
                {labels.action('answer')}
              </Button>
            )}
            {can('close') && (
              <Popconfirm
                title={t('campaign.supervision.closeConfirm')}
                onConfirm={close}
                okText={labels.action('close')}
                cancelText={t('common.cancel')}
              >
                <Button type="primary" data-testid="supervision-close">
                  {labels.action('close')}
                </Button>
              </Popconfirm>
            )}
            {can('reject') && (
              <Button danger onClick={() => setDialog('reject')} data-testid="supervision-reject">
                {labels.action('reject')}
              </Button>
            )}
          </Space>
        )}
      </Card>
      <Card size="small" title={t('campaign.supervision.answer')} className="campaign-row" data-testid="supervision-answer-card">
        {s.response ? (
          <>
            <Typography.Paragraph className="campaign-pre">{s.response}</Typography.Paragraph>
            {s.answeredAt && (
              <Typography.Text type="secondary">{t('campaign.supervision.answeredAtIs', { time: time(s.answeredAt) })}</Typography.Text>
            )}
            {s.responseFiles.length > 0 && (
              <div className="campaign-files">
                {s.responseFiles.map((f) => (
                  <a key={f.id} href={fileUrl(f.id)} download={f.name}>
                    <PaperClipOutlined /> {f.name}
                  </a>
                ))}
              </div>
            )}
          </>
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('campaign.supervision.noAnswer')} />
        )}
      </Card>
      <Card size="small" title={t('campaign.timeline', { count: s.timeline.length })} className="campaign-row">
        <WorkflowTimeline
          entries={s.timeline}
          workflow={plan.supervisionWorkflow}
          color={(e) => (e.toState === 'closed' ? 'green' : e.action === 'reject' ? 'red' : 'blue')}
          testId="supervision-timeline"
        />
      </Card>
      {dialog === 'answer' && <AnswerModal supervision={s} onDone={onDone} onClose={() => setDialog(null)} />}
      {dialog === 'reject' && (
        <ActionModal
          action={plan.supervisionWorkflow.actions.reject}
          title={t('campaign.supervision.rejectTitle', { docNo: s.docNo })}
          danger
          onSubmit={(body) => call(api.campaign.supervisionAction, { params: { id: s.id, action: 'reject' }, body })}
          onDone={onDone}
          onClose={() => setDialog(null)}
        />
      )}
    </>
  );
}
