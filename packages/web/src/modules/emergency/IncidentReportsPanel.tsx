import { api, emergency } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildPath, call } from '../../shared/api';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { useFormatTime } from '../../shared/format';
import { useShowError, useZodRule } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { OrgTreeSelect } from '../../shared/orgs';
import { apiKey, useApiQuery } from '../../shared/query';
import type { reportsZh } from './locales/reports.zh-CN';

type Reporting = api.emergencyReports.IncidentReporting;
type Report = api.emergencyReports.ScheduledReport;
type Measure = api.emergencyReports.Measure;
type Key = keyof typeof reportsZh;
type InvestigationAction = emergency.InvestigationAction;

function useText(): (key: Key, values?: Record<string, string | number>) => string {
  const { t } = useTranslation();
  return (key, values) => t(`emergency.reports.${key}`, values);
}

/** Milliseconds as 1小时02分 / 1 h 02 min … for the countdown. */
function duration(ms: number, zh: boolean): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  const mm = String(m).padStart(2, '0');
  if (zh) return d > 0 ? `${d}天${h}小时${mm}分` : `${h}小时${mm}分${sec}秒`;
  return d > 0 ? `${d} d ${h} h ${mm} min` : `${h} h ${mm} min ${sec} s`;
}

/** The server's now, ticking each second from the answer's `now` (the browser's clock may be wrong). */
function useServerNow(serverNow: string | undefined): number {
  const [skew, setSkew] = useState(0);
  const [tick, setTick] = useState(Date.now());
  useEffect(() => {
    if (serverNow) setSkew(new Date(serverNow).getTime() - Date.now());
  }, [serverNow]);
  useEffect(() => {
    const timer = setInterval(() => setTick(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return tick + skew;
}

const stateColor = { open: 'processing', overdue: 'error', on_time: 'success', late: 'warning' } as const;

/** A report's name: 首报, 逐级上报（设区的市…）, 续报 第2次 … */
function useReportName(): (r: Pick<Report, 'kind' | 'level' | 'seq'>) => string {
  const bi = useBi();
  const m = useText();
  return (r) => {
    const kind = bi(emergency.reportKindLabels[r.kind]);
    if (r.kind === 'escalation') return `${kind}（${bi(emergency.reportLevelLabels[r.level])}）`;
    return r.kind === 'follow_up' || r.kind === 'supplementary' ? `${kind} ${m('seq', { seq: r.seq })}` : kind;
  };
}

const textFields = ['unitOverview', 'scene', 'course', 'measures', 'other', 'reporterName', 'reporterPhone'] as const;
const optional = new Set(['course', 'measures', 'other']);
const submitShape = emergency.reportSubmission.shape;
type SubmitValues = Record<(typeof textFields)[number], string>;

/** 报送: the Art. 12 items the submitter writes; the figures come from the record. */
function SubmitModal({
  incidentId,
  report,
  onDone,
  onClose,
}: {
  incidentId: string;
  report: Report;
  onDone: (r: Reporting) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const m = useText();
  const name = useReportName();
  const { message } = App.useApp();
  const showError = useShowError();
  const zodRule = useZodRule();
  const [form] = Form.useForm<SubmitValues>();
  const save = useMutation({
    mutationFn: (v: SubmitValues) =>
      call(api.emergencyReports.submitReport, {
        params: { id: incidentId, reportId: report.id },
        body: {
          ...v,
          course: v.course?.trim() || undefined,
          measures: v.measures?.trim() || undefined,
          other: v.other?.trim() || undefined,
        },
      }),
    onSuccess: (r) => {
      message.success(m('submitted'));
      onDone(r);
    },
    onError: (e) => showError(e, form),
  });
  return (
    <Modal
      open
      title={m('submitTitle', { report: name(report) })}
      okText={m('submit')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph type="secondary">{m('submitIntro')}</Typography.Paragraph>
      <Form<SubmitValues> form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        {textFields.map((f) => (
          <Form.Item
            key={f}
            name={f}
            label={m(f)}
            rules={[...(optional.has(f) ? [] : [{ required: true, message: m('required', { field: m(f) }) }]), zodRule(submitShape[f])]}
          >
            {f === 'reporterName' || f === 'reporterPhone' ? (
              <Input data-testid={`report-${f}`} />
            ) : (
              <Input.TextArea rows={2} data-testid={`report-${f}`} />
            )}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

/** One modal for the forms of this panel: fields by name, the call made with them. */
type Field = { name: string; label: string; kind: 'text' | 'date' | 'org' | 'finding'; required: boolean };
function FormModal({
  title,
  fields,
  onSubmit,
  onDone,
  onClose,
}: {
  title: string;
  fields: Field[];
  onSubmit: (v: Record<string, string | undefined>) => Promise<Reporting>;
  onDone: (r: Reporting) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const m = useText();
  const bi = useBi();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Record<string, string | Dayjs | undefined>>();
  const save = useMutation({
    mutationFn: (v: Record<string, string | Dayjs | undefined>) =>
      onSubmit(
        Object.fromEntries(
          Object.entries(v).map(([k, x]) => [k, typeof x === 'object' && x ? x.format('YYYY-MM-DD') : (x as string | undefined)]),
        ),
      ),
    onSuccess: (r) => {
      message.success(m('done'));
      onDone(r);
    },
    onError: (e) => showError(e, form),
  });
  return (
    <Modal
      open
      title={title}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        {fields.map((f) => (
          <Form.Item
            key={f.name}
            name={f.name}
            label={f.label}
            rules={f.required ? [{ required: true, message: m('required', { field: f.label }) }] : []}
          >
            {f.kind === 'date' ? (
              <DatePicker style={{ width: '100%' }} data-testid={`reports-form-${f.name}`} />
            ) : f.kind === 'org' ? (
              <OrgTreeSelect placeholder={f.label} data-testid={`reports-form-${f.name}`} />
            ) : f.kind === 'finding' ? (
              <Select
                aria-label={f.label}
                options={emergency.findingKinds.map((k) => ({ value: k, label: bi(emergency.findingKindLabels[k]) }))}
                data-testid={`reports-form-${f.name}`}
              />
            ) : (
              <Input.TextArea rows={2} data-testid={`reports-form-${f.name}`} />
            )}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

type Dialog =
  | { kind: 'submit'; report: Report }
  | { kind: 'finding' }
  | { kind: 'measure' }
  | { kind: 'investigation'; action: InvestigationAction }
  | { kind: 'complete'; measure: Measure };

/**
 * 事故报告与调查 on an incident's page: the statutory reports with live countdowns (首报 1 h, each level 2 h, 续报,
 * 补报, 终报), submitting one and downloading its Word document, the 瞒报/谎报 findings, the investigation with its
 * deadlines (Art. 29, 32) and the 整改措施 for the units named. What the caller may do is what the server allows.
 */
export function IncidentReportsPanel({ incidentId }: { incidentId: string }) {
  const m = useText();
  const bi = useBi();
  const { i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  const client = useQueryClient();
  const time = useFormatTime();
  const name = useReportName();
  const input = { params: { id: incidentId } };
  const { data } = useApiQuery(api.emergencyReports.getReporting, input);
  const now = useServerNow(data?.now);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  if (!data) return null;

  const done = (r: Reporting) => {
    client.setQueryData(apiKey(api.emergencyReports.getReporting, input), r);
    setDialog(null);
  };
  const countdown = (r: Report) => {
    if (r.submittedAt) return <Tag color={stateColor[r.state]}>{bi(emergency.reportStateLabels[r.state])}</Tag>;
    const left = new Date(r.dueAt).getTime() - now;
    return (
      <Tag color={left >= 0 ? 'processing' : 'error'} data-testid={`report-countdown-${r.kind}-${r.level}-${r.seq}`}>
        {left >= 0 ? m('remaining', { time: duration(left, zh) }) : m('overdueBy', { time: duration(left, zh) })}
      </Tag>
    );
  };
  const columns: TableColumnsType<Report> = [
    { key: 'kind', title: m('kind'), render: (_, r) => <span title={bi(r.source)}>{name(r)}</span> },
    { key: 'dueAt', title: m('dueAt'), render: (_, r) => time(r.dueAt) },
    { key: 'countdown', title: m('countdown'), render: (_, r) => countdown(r) },
    {
      key: 'submittedAt',
      title: m('submittedAt'),
      responsive: ['md'],
      render: (_, r) => (r.submittedAt ? `${time(r.submittedAt)} ${r.submittedBy ?? ''}` : '—'),
    },
    {
      key: 'actions',
      title: '',
      render: (_, r) => (
        <Space wrap>
          {r.allowedActions.includes('submit') && (
            <Button
              size="small"
              type="primary"
              onClick={() => setDialog({ kind: 'submit', report: r })}
              data-testid={`report-submit-${r.kind}-${r.level}-${r.seq}`}
            >
              {m('submit')}
            </Button>
          )}
          {r.submittedAt && (
            <DownloadButton
              path={buildPath(api.emergencyReports.reportDocx.path, { id: incidentId, reportId: r.id })}
              fileName={`${data.code}-${name(r)}.docx`}
              testId={`report-download-${r.kind}-${r.level}-${r.seq}`}
            >
              {m('download')}
            </DownloadButton>
          )}
        </Space>
      ),
    },
  ];
  const inv = data.investigation;
  const invActions = (inv?.allowedActions ?? []).filter((a): a is InvestigationAction => a !== 'addMeasure');
  const investigationFields: Record<InvestigationAction, Field[]> = {
    extend: [
      { name: 'extendedTo', label: m('extendedTo'), kind: 'date', required: true },
      { name: 'reason', label: m('reason'), kind: 'text', required: true },
    ],
    submitReport: [{ name: 'summary', label: m('summary'), kind: 'text', required: true }],
    extendApproval: [
      { name: 'extendedTo', label: m('extendedTo'), kind: 'date', required: true },
      { name: 'reason', label: m('reason'), kind: 'text', required: true },
    ],
    approve: [{ name: 'note', label: m('note'), kind: 'text', required: false }],
  };
  const measureColumns: TableColumnsType<Measure> = [
    { key: 'org', title: m('measureOrg'), dataIndex: 'orgName' },
    { key: 'text', title: m('measureText'), dataIndex: 'text' },
    {
      key: 'deadline',
      title: m('deadline'),
      render: (_, x) => (x.overdue ? <Tag color="error">{`${x.deadline} ${m('overdue')}`}</Tag> : x.deadline),
    },
    { key: 'status', title: m('measureStatus'), render: (_, x) => bi(emergency.measureWorkflow.states[x.status].label) },
    {
      key: 'actions',
      title: '',
      render: (_, x) =>
        x.allowedActions.includes('complete') && (
          <Button size="small" onClick={() => setDialog({ kind: 'complete', measure: x })} data-testid="measure-complete">
            {m('complete')}
          </Button>
        ),
    },
  ];

  return (
    <Card size="small" title={m('title')} className="incident-row" data-testid="incident-reports">
      <Typography.Title level={5}>{m('schedule')}</Typography.Title>
      <div className="incident-scroll" tabIndex={0} role="region" aria-label={m('schedule')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          columns={columns}
          dataSource={data.reports}
          data-testid="report-schedule"
          style={{ minWidth: 560 }}
        />
      </div>

      <Typography.Title level={5} className="incident-row">
        {m('findings')}
      </Typography.Title>
      {data.findings.length === 0 ? (
        <Typography.Text type="secondary">{m('noFindings')}</Typography.Text>
      ) : (
        <ul data-testid="report-findings">
          {data.findings.map((f) => (
            <li key={f.id}>
              <Tag color="error">{bi(emergency.findingKindLabels[f.kind])}</Tag>
              {f.orgName ? `${f.orgName}：` : ''}
              {f.description}（{f.foundOn}，{f.recordedBy}）
            </li>
          ))}
        </ul>
      )}
      {data.allowedActions.includes('recordFinding') && (
        <div>
          <Button size="small" onClick={() => setDialog({ kind: 'finding' })} data-testid="report-record-finding">
            {m('recordFinding')}
          </Button>
        </div>
      )}

      <Typography.Title level={5} className="incident-row">
        {m('investigation')}
      </Typography.Title>
      {!inv ? (
        <Space>
          <Typography.Text type="secondary">{m('noInvestigation')}</Typography.Text>
          {data.allowedActions.includes('openInvestigation') && (
            <Button
              size="small"
              onClick={async () => done(await call(api.emergencyReports.openInvestigation, { params: { id: incidentId }, body: {} }))}
              data-testid="report-open-investigation"
            >
              {m('openInvestigation')}
            </Button>
          )}
        </Space>
      ) : (
        <>
          <Descriptions
            size="small"
            column={{ xs: 1, xxl: 2 }}
            data-testid="report-investigation"
            items={[
              { key: 'status', label: m('status'), children: bi(emergency.investigationWorkflow.states[inv.status].label) },
              {
                key: 'due',
                label: m('reportDueOn'),
                children: (
                  <span title={bi(inv.sources.investigation)}>
                    {inv.reportDueOn}
                    {inv.extendedTo ? `（${m('extendedTo')} ${inv.extendedTo}）` : ''}
                    {inv.reportOverdue && <Tag color="error">{m('overdue')}</Tag>}
                  </span>
                ),
              },
              ...(inv.reportSubmittedOn ? [{ key: 'submitted', label: m('reportSubmittedOn'), children: inv.reportSubmittedOn }] : []),
              ...(inv.approvalDueOn
                ? [
                    {
                      key: 'approval',
                      label: m('approvalDueOn'),
                      children: (
                        <span title={bi(inv.sources.approval)}>
                          {inv.approvalExtendedTo ?? inv.approvalDueOn}
                          {inv.approvalOverdue && <Tag color="error">{m('overdue')}</Tag>}
                        </span>
                      ),
                    },
                  ]
                : []),
              ...(inv.approvedOn ? [{ key: 'approved', label: m('approvedOn'), children: inv.approvedOn }] : []),
              ...(inv.reportSummary ? [{ key: 'summary', label: m('reportSummary'), children: inv.reportSummary }] : []),
            ]}
          />
          <Space wrap>
            {invActions.map((a) => (
              <Button
                key={a}
                size="small"
                onClick={() => setDialog({ kind: 'investigation', action: a })}
                data-testid={`investigation-${a}`}
              >
                {bi(emergency.investigationWorkflow.actions[a].label)}
              </Button>
            ))}
          </Space>
          <Typography.Title level={5} className="incident-row">
            {m('measuresTitle')}
          </Typography.Title>
          {inv.measures.length === 0 ? (
            <Empty description={m('noMeasures')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : (
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              columns={measureColumns}
              dataSource={inv.measures}
              data-testid="report-measures"
            />
          )}
          {inv.allowedActions.includes('addMeasure') && (
            <Button size="small" onClick={() => setDialog({ kind: 'measure' })} data-testid="report-add-measure">
              {m('addMeasure')}
            </Button>
          )}
        </>
      )}

      {dialog?.kind === 'submit' && (
        <SubmitModal incidentId={incidentId} report={dialog.report} onDone={done} onClose={() => setDialog(null)} />
      )}
      {dialog?.kind === 'finding' && (
        <FormModal
          title={m('recordFinding')}
          fields={[
            { name: 'kind', label: m('findingKind'), kind: 'finding', required: true },
            { name: 'orgId', label: m('findingOrg'), kind: 'org', required: false },
            { name: 'description', label: m('description'), kind: 'text', required: true },
            { name: 'foundOn', label: m('foundOn'), kind: 'date', required: true },
          ]}
          onSubmit={(v) =>
            call(api.emergencyReports.recordFinding, {
              params: { id: incidentId },
              body: { kind: v.kind as emergency.FindingKind, orgId: v.orgId, description: v.description ?? '', foundOn: v.foundOn ?? '' },
            })
          }
          onDone={done}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'investigation' && (
        <FormModal
          title={bi(emergency.investigationWorkflow.actions[dialog.action].label)}
          fields={investigationFields[dialog.action]}
          onSubmit={(v) =>
            call(api.emergencyReports.investigationAction, {
              params: { id: incidentId, action: dialog.action },
              body: Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== '')) as never,
            })
          }
          onDone={done}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'measure' && (
        <FormModal
          title={m('addMeasure')}
          fields={[
            { name: 'orgId', label: m('measureOrg'), kind: 'org', required: true },
            { name: 'text', label: m('measureText'), kind: 'text', required: true },
            { name: 'deadline', label: m('deadline'), kind: 'date', required: true },
          ]}
          onSubmit={(v) =>
            call(api.emergencyReports.addMeasure, {
              params: { id: incidentId },
              body: { orgId: v.orgId ?? '', text: v.text ?? '', deadline: v.deadline ?? '' },
            })
          }
          onDone={done}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'complete' && (
        <FormModal
          title={m('complete')}
          fields={[{ name: 'note', label: m('completeNote'), kind: 'text', required: true }]}
          onSubmit={async (v) => {
            await call(api.emergencyReports.measureAction, {
              params: { id: dialog.measure.id, action: 'complete' },
              body: { note: v.note ?? '' },
            });
            return call(api.emergencyReports.getReporting, input);
          }}
          onDone={done}
          onClose={() => setDialog(null)}
        />
      )}
    </Card>
  );
}
