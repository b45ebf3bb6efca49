import { EditOutlined } from '@ant-design/icons';
import { api, hazard } from '@citysafe/domain';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Descriptions, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, isApiError } from '../../shared/api';
import { useFormatTime } from '../../shared/format';
import { useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';

type Detail = api.hazard.HazardDetail;
type Part = hazard.HazardPlanPart;

/**
 * 治理方案 of a 重大 hazard (16号令 Art. 15): its six parts shown, and written or revised while the
 * hazard is reported, planned or listed by whoever may rectify it. The server names each missing
 * part in its 422; they are marked on their fields and listed above the form.
 */
export function HazardPlan({ item, editable, onSaved }: { item: Detail; editable: boolean; onSaved: (d: Detail) => void | Promise<void> }) {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<Record<Part, string>>();
  const [editing, setEditing] = useState(false);
  const [missing, setMissing] = useState<Part[]>([]);
  const plan = item.plan;
  const open = editable && (editing || !plan);

  const save = useMutation({
    mutationFn: (v: Record<Part, string>) => call(api.hazard.savePlan, { params: { id: item.id }, body: v }),
    onSuccess: async (updated) => {
      message.success(t('hazard.hazards.plan.saved'));
      setMissing([]);
      setEditing(false);
      await onSaved(updated);
    },
    onError: (error) => {
      if (isApiError(error)) setMissing(hazard.hazardPlanPartNames.filter((p) => error.fields.some((f) => f.field === p)));
      showError(error, form);
    },
  });

  if (!open) {
    return plan ? (
      <>
        <Descriptions
          size="small"
          column={1}
          bordered
          items={hazard.hazardPlanPartNames.map((p) => ({ key: p, label: bi(hazard.hazardPlanParts[p]), children: plan[p] }))}
          data-testid="hazard-plan"
        />
        <Space className="hazard-row" wrap>
          {item.planUpdatedAt && (
            <Typography.Text type="secondary">{t('hazard.hazards.plan.updatedAt', { time: time(item.planUpdatedAt) })}</Typography.Text>
          )}
          {editable && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="hazard-plan-edit">
              {t('hazard.hazards.plan.edit')}
            </Button>
          )}
        </Space>
      </>
    ) : (
      <Typography.Text type="secondary">{t('hazard.hazards.plan.none')}</Typography.Text>
    );
  }

  return (
    <Form<Record<Part, string>>
      form={form}
      layout="vertical"
      initialValues={plan ?? {}}
      onFinish={(v) => save.mutate(v)}
      data-testid="hazard-plan-form"
    >
      <Typography.Paragraph type="secondary">{t('hazard.hazards.plan.help')}</Typography.Paragraph>
      {missing.length > 0 && (
        <Alert
          type="error"
          showIcon
          className="hazard-plan-missing"
          title={t('hazard.hazards.plan.missing', { parts: missing.map((p) => bi(hazard.hazardPlanParts[p])).join('、') })}
          data-testid="hazard-plan-missing"
        />
      )}
      {hazard.hazardPlanPartNames.map((p, index) => (
        // Each part is left to the server's rule (one 422 naming every missing part), not refused one at a time here.
        <Form.Item key={p} name={p} label={`${index + 1}. ${bi(hazard.hazardPlanParts[p])}`} className="hazard-plan-part">
          <Input.TextArea rows={2} autoSize={{ minRows: 2, maxRows: 8 }} maxLength={8000} data-testid={`plan-${p}`} />
        </Form.Item>
      ))}
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="hazard-plan-save">
          {t('hazard.hazards.plan.save')}
        </Button>
        {plan && <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>}
      </Space>
    </Form>
  );
}
