import { api, hazard } from '@citysafe/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, InputNumber, Row, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { ApiError, call } from '../../shared/api';
import { useFormatTime } from '../../shared/format';
import { useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { PageHeader } from '../../shared/PageHeader';
import { RuleSource } from './RuleSource';
import './rules.css';

type Settings = hazard.HazardSettings;
type Key = keyof Settings;

const settingsKey = ['hazard.settings'];
const keys = Object.keys(hazard.hazardSettingSources) as Key[];

/** A setting's value in words: days, "off" for a window of 0, the ladder as its steps. */
function useValueText() {
  const { t } = useTranslation();
  const bi = useBi();
  return (settings: Settings, key: Key): string[] => {
    if (key === 'escalation')
      return settings.escalation.map((s) =>
        t('hazard.rules.settings.step', { days: s.daysOverdue, who: bi(hazard.escalationAudienceLabels[s.notify]) }),
      );
    const days = settings[key];
    if (key === 'repeatWindowDays' && days === 0) return [t('hazard.rules.settings.off')];
    return [t('hazard.rules.settings.days', { count: days })];
  };
}

/**
 * The edit form: the three periods and the ladder. Its limits are the domain schema's (`hazard.hazardSettings`);
 * the server's 400 lands on the same fields (`escalation.1.daysOverdue`).
 */
function SettingsForm({ initial, onDone }: { initial: Settings; onDone: () => void }) {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const [form] = Form.useForm<Settings>();
  const showError = useShowError();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (body: Settings) => call(api.hazardRules.updateSettings, { body }),
    onSuccess: (answer) => {
      client.setQueryData(settingsKey, answer);
      message.success(t('hazard.rules.settings.saved'));
      onDone();
    },
    onError: (error) => showError(error, form),
  });
  const required = { required: true, message: t('hazard.rules.required') };
  const shape = hazard.hazardSettings.shape;
  const days = (key: 'reviewDays' | 'repeatWindowDays' | 'dueSoonDays') => (
    <Form.Item name={key} label={bi(hazard.hazardSettingSources[key].label)} rules={[required]}>
      <InputNumber
        min={shape[key].minValue ?? 0}
        max={shape[key].maxValue ?? undefined}
        precision={0}
        style={{ width: 160 }}
        data-testid={`settings-${key}`}
      />
    </Form.Item>
  );
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={(values) => save.mutate(values)}
      data-testid="hazard-settings-form"
    >
      <div className="hazard-settings-periods">
        {days('reviewDays')}
        {days('repeatWindowDays')}
        {days('dueSoonDays')}
      </div>
      <Typography.Title level={5}>{bi(hazard.hazardSettingSources.escalation.label)}</Typography.Title>
      <Form.List name="escalation">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <div key={field.key} className="hazard-settings-step" data-testid={`escalation-step-${i}`}>
                <Form.Item name={[field.name, 'daysOverdue']} label={t('hazard.rules.settings.daysOverdue')} rules={[required]}>
                  <InputNumber min={0} max={365} precision={0} data-testid={`escalation-days-${i}`} />
                </Form.Item>
                <Form.Item name={[field.name, 'notify']} label={t('hazard.rules.settings.notify')} rules={[required]}>
                  <Select
                    style={{ width: 200 }}
                    aria-label={t('hazard.rules.settings.notify')}
                    options={hazard.escalationAudiences.map((a) => ({ value: a, label: bi(hazard.escalationAudienceLabels[a]) }))}
                  />
                </Form.Item>
                {fields.length > 1 && (
                  <Button onClick={() => remove(field.name)} aria-label={`${t('hazard.rules.settings.removeStep')} ${i + 1}`}>
                    {t('hazard.rules.settings.removeStep')}
                  </Button>
                )}
              </div>
            ))}
            {fields.length < hazard.escalationAudiences.length && (
              <Form.Item>
                <Button onClick={() => add({ daysOverdue: undefined, notify: undefined })}>{t('hazard.rules.settings.addStep')}</Button>
              </Form.Item>
            )}
          </>
        )}
      </Form.List>
      <Space wrap>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="hazard-settings-save">
          {t('hazard.rules.save')}
        </Button>
        <Button onClick={() => form.setFieldsValue(hazard.defaultHazardSettings)}>{t('hazard.rules.settings.restoreDefaults')}</Button>
        <Button onClick={onDone}>{t('hazard.rules.cancel')}</Button>
      </Space>
    </Form>
  );
}

/**
 * 隐患规则设置 (/hazards/settings): the periods and the escalation ladder in force beside their defaults, each
 * with where the default comes from and whether that was verified; hazard.manage changes them.
 */
export default function HazardSettingsPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const can = useCan();
  const valueText = useValueText();
  const [editing, setEditing] = useState(false);
  const query = useQuery({ queryKey: settingsKey, queryFn: () => call(api.hazardRules.getSettings) });
  const data = query.data;
  const canManage = can('hazard.manage') && (data?.allowedActions.includes('update') ?? false);
  const lines = (values: string[]) => values.map((v) => <div key={v}>{v}</div>);
  return (
    <div data-testid="hazard-settings-page">
      <PageHeader
        title={t('hazard.rules.settings.title')}
        extra={
          canManage &&
          !editing && (
            <Button type="primary" onClick={() => setEditing(true)} data-testid="hazard-settings-edit">
              {t('hazard.rules.edit')}
            </Button>
          )
        }
      />
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('hazard.rules.settings.intro')}</Typography.Paragraph>
        {data && !canManage && <Alert type="info" title={t('hazard.rules.settings.readOnly')} />}
        {query.error && <Alert type="error" title={query.error instanceof ApiError ? bi(query.error.bilingual) : String(query.error)} />}
        {data && (
          <>
            <Typography.Text type="secondary" data-testid="hazard-settings-updated">
              {data.updatedAt && data.updatedBy
                ? t('hazard.rules.settings.lastChanged', { who: data.updatedBy, when: time(data.updatedAt) })
                : t('hazard.rules.settings.neverChanged')}
            </Typography.Text>
            {editing && (
              <Card title={t('hazard.rules.edit')}>
                <SettingsForm initial={data.settings} onDone={() => setEditing(false)} />
              </Card>
            )}
            <Row gutter={[16, 16]} data-testid="hazard-settings-table">
              {keys.map((key) => {
                const changed = JSON.stringify(data.settings[key]) !== JSON.stringify(data.defaults[key]);
                return (
                  <Col key={key} xs={24} lg={12}>
                    <Card
                      size="small"
                      title={bi(hazard.hazardSettingSources[key].label)}
                      extra={changed && <Tag color="blue">{t('hazard.rules.settings.localChoice')}</Tag>}
                      className="hazard-setting-card"
                    >
                      <Descriptions
                        column={1}
                        size="small"
                        items={[
                          {
                            key: 'value',
                            label: t('hazard.rules.settings.value'),
                            children: <div data-testid={`setting-value-${key}`}>{lines(valueText(data.settings, key))}</div>,
                          },
                          {
                            key: 'default',
                            label: t('hazard.rules.settings.default'),
                            children: <div>{lines(valueText(data.defaults, key))}</div>,
                          },
                        ]}
                      />
                      <RuleSource
                        source={hazard.hazardSettingSources[key].source}
                        confidence={hazard.hazardSettingSources[key].confidence}
                      />
                    </Card>
                  </Col>
                );
              })}
            </Row>
          </>
        )}
      </Space>
    </div>
  );
}
