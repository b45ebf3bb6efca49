import { api, hazard as hazardRules, report } from '@citysafe/domain';
import { useMutation } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LeafKeys } from '../../app/module';
import { call } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { OrgTreeSelect } from '../../shared/orgs';
import type { handlingZh } from './locales/handling.zh-CN';

export type ReportAction = api.reportHandling.ReportDetail['allowedActions'][number];
type Detail = api.reportHandling.ReportDetail;

interface Values {
  ground?: string;
  reason?: string;
  orgId?: string;
  outcome?: report.ReportOutcome;
  note?: string;
  hazardMode?: 'new' | 'link';
  hazardId?: string;
  hazardLevel?: hazardRules.HazardLevel;
  hazardUnit?: string;
  majorBasis?: string;
  hazardDeadline?: Dayjs;
  transferredTo?: string;
  reply?: string;
  days?: number;
  duplicateOf?: string;
}

/** The body an action sends, from the form's values (the workflow's input schema decides on the server). */
function bodyOf(action: ReportAction, v: Values): Record<string, unknown> {
  switch (action) {
    case 'refuse':
      return { ground: v.ground, reason: v.reason };
    case 'merge':
      return { duplicateOf: v.duplicateOf };
    case 'assign':
      return { orgId: v.orgId };
    case 'handle':
      return {
        outcome: v.outcome,
        note: v.note,
        ...(v.outcome === 'hazard' && v.hazardMode === 'link' ? { hazardId: v.hazardId } : {}),
        ...(v.outcome === 'hazard' && v.hazardMode !== 'link'
          ? {
              hazard: {
                level: v.hazardLevel,
                responsibleOrgId: v.hazardUnit,
                majorBasis: v.majorBasis ?? null,
                deadline: v.hazardDeadline?.format('YYYY-MM-DD') ?? null,
              },
            }
          : {}),
        ...(v.outcome === 'transferred' ? { transferredTo: v.transferredTo } : {}),
      };
    case 'return':
      return { reason: v.reason };
    case 'verify':
      return v.note ? { note: v.note } : {};
    case 'close':
      return { reply: v.reply };
    case 'extend':
      return { days: v.days, reason: v.reason };
    default:
      return {};
  }
}

/**
 * One step of a report with the fields its workflow declares: the ground of a refusal, the unit of an assignment,
 * the outcome of handling (a hazard registered or linked, the unit of a transfer), the reply on closing, the days and
 * reason of the one extension. The server checks each with the action's own schema and answers the fields in error.
 */
export function ReportActionModal({
  item,
  action,
  onDone,
  onClose,
}: {
  item: Detail;
  action: ReportAction;
  onDone: (d: Detail) => void | Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Values>();
  const [outcome, setOutcome] = useState<report.ReportOutcome | undefined>();
  const [hazardMode, setHazardMode] = useState<'new' | 'link'>('new');
  const [level, setLevel] = useState<hazardRules.HazardLevel>(item.category === 'major_hazard' ? '重大' : '一般');
  const label = bi(report.reportWorkflow.actions[action].label);
  const take = useMutation({
    mutationFn: (values: Values) =>
      call(api.reportHandling.reportAction, { params: { id: item.id, action }, body: bodyOf(action, values) as never }),
    onSuccess: async (d) => {
      message.success(t('common.actionDone', { action: label }));
      await onDone(d);
    },
    onError: (error) => showError(error, form),
  });
  const a = (key: LeafKeys<(typeof handlingZh)['action']>) => t(`report.handling.action.${key}`);
  const required = [{ required: true }];

  return (
    <Modal
      open
      title={`${label} · ${item.code}`}
      okText={label}
      okButtonProps={{ danger: action === 'refuse', 'data-testid': 'report-action-ok' } as never}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={take.isPending}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ hazardMode: 'new', hazardLevel: level, days: 30 }}
        onFinish={(values) => take.mutate(values)}
        data-testid="report-action-form"
      >
        {action === 'refuse' && (
          <Form.Item name="ground" label={a('ground')} rules={required}>
            <Select
              data-testid="report-ground"
              options={report.refusalGrounds.map((g) => ({ value: g, label: bi(report.refusalGroundLabels[g]) }))}
            />
          </Form.Item>
        )}
        {(action === 'refuse' || action === 'return') && (
          <Form.Item name="reason" label={a('reason')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        )}
        {action === 'merge' && (
          <Form.Item name="duplicateOf" label={a('duplicateOf')} rules={required}>
            <Input placeholder="UUID" />
          </Form.Item>
        )}
        {action === 'assign' && (
          <Form.Item name="orgId" label={a('orgId')} rules={required}>
            <OrgTreeSelect data-testid="report-assign-org" />
          </Form.Item>
        )}
        {action === 'handle' && (
          <>
            <Form.Item name="outcome" label={a('outcome')} rules={required}>
              <Select
                data-testid="report-outcome"
                onChange={(o: report.ReportOutcome) => setOutcome(o)}
                options={report.reportOutcomes.map((o) => ({ value: o, label: bi(report.reportOutcomeLabels[o]) }))}
              />
            </Form.Item>
            {outcome === 'hazard' && (
              <>
                <Form.Item name="hazardMode" label={a('hazardMode')}>
                  <Radio.Group onChange={(e) => setHazardMode(e.target.value as 'new' | 'link')}>
                    <Radio value="new">{a('hazardNew')}</Radio>
                    <Radio value="link">{a('hazardLink')}</Radio>
                  </Radio.Group>
                </Form.Item>
                {hazardMode === 'link' ? (
                  <Form.Item name="hazardId" label={a('hazardId')} rules={required}>
                    <Input />
                  </Form.Item>
                ) : (
                  <>
                    <Form.Item name="hazardLevel" label={a('hazardLevel')} rules={required}>
                      <Radio.Group onChange={(e) => setLevel(e.target.value as hazardRules.HazardLevel)}>
                        {hazardRules.hazardLevels.map((l) => (
                          <Radio key={l} value={l}>
                            {bi(hazardRules.hazardLevelLabels[l])}
                          </Radio>
                        ))}
                      </Radio.Group>
                    </Form.Item>
                    <Form.Item name="hazardUnit" label={a('hazardUnit')} rules={required}>
                      <OrgTreeSelect data-testid="report-hazard-unit" />
                    </Form.Item>
                    {level === '重大' && (
                      <Form.Item name="majorBasis" label={a('majorBasis')} rules={required}>
                        <Input.TextArea rows={2} />
                      </Form.Item>
                    )}
                    <Form.Item name="hazardDeadline" label={a('hazardDeadline')}>
                      <DatePicker />
                    </Form.Item>
                  </>
                )}
              </>
            )}
            {outcome === 'transferred' && (
              <Form.Item name="transferredTo" label={a('transferredTo')} rules={required}>
                <Input maxLength={200} />
              </Form.Item>
            )}
            <Form.Item name="note" label={a('note')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={3} maxLength={4000} data-testid="report-note" />
            </Form.Item>
          </>
        )}
        {action === 'verify' && (
          <Form.Item name="note" label={a('verifyNote')}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
        )}
        {action === 'close' && (
          <Form.Item name="reply" label={a('reply')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={4} maxLength={4000} data-testid="report-reply" />
          </Form.Item>
        )}
        {action === 'extend' && (
          <>
            <Form.Item name="days" label={a('days')} rules={required}>
              <InputNumber min={1} max={report.maxExtensionDays} />
            </Form.Item>
            <Form.Item name="reason" label={a('extendReason')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
