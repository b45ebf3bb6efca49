import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { api, grid } from '@citysafe/domain';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Space, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { call } from '../../shared/api';
import { useFormatTime } from '../../shared/format';
import { useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { PageHeader } from '../../shared/PageHeader';
import { apiKey, useApiQuery } from '../../shared/query';
import { useGridText } from './text';

type View = api.grid.GridSettingsView;
type Settings = View['settings'];

/** Where a value comes from, and whether it is the platform's own unverified default. */
function Source({ source }: { source: View['sources'][keyof View['sources']] }) {
  const { t } = useTranslation();
  const bi = useBi();
  return (
    <div data-testid="grid-setting-source">
      <Typography.Text type="secondary">
        {t('grid.settings.source')}：{bi(source.text)}
      </Typography.Text>{' '}
      {!source.verified && <Tag color="warning">{t('grid.settings.unverified')}</Tag>}
      {source.isDefault && <Tag>{t('grid.settings.isDefault')}</Tag>}
    </div>
  );
}

/**
 * 巡查设置: the patrol interval by risk level, the check-in distance and the grid case categories with their
 * deadlines, each group with its source (the platform's defaults are marked 未核实: no regulation we hold sets them).
 * Read by everyone with grid.read, changed with grid.manage.
 */
export default function SettingsPage() {
  const { t } = useTranslation();
  const time = useFormatTime();
  const can = useCan();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const [form] = Form.useForm<Settings>();
  const [saving, setSaving] = useState(false);
  const { data } = useApiQuery(api.grid.getSettings);
  const editable = can('grid.manage');
  const s = useGridText('settings');

  useEffect(() => {
    if (data) form.setFieldsValue(data.settings);
  }, [data, form]);

  const save = async (settings: Settings) => {
    setSaving(true);
    try {
      const view = await call(api.grid.putSettings, { body: settings });
      client.setQueryData(apiKey(api.grid.getSettings), view);
      message.success(s('saved'));
    } catch (error) {
      showError(error, form);
    } finally {
      setSaving(false);
    }
  };

  if (!data) return <Spin size="large" className="page-spin" />;
  return (
    <>
      <PageHeader title={s('title')} />
      {data.updatedAt && (
        <Typography.Paragraph type="secondary">
          {s('updated')}：{time(data.updatedAt)} · {data.updatedBy}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" disabled={!editable} onFinish={(v) => void save(v)} initialValues={data.settings}>
        <Card size="small" title={s('intervals')} data-testid="grid-settings-intervals">
          <Space wrap size="large">
            {grid.patrolLevelKeys.map((key) => (
              <Form.Item key={key} name={['intervalDays', key]} label={t(`grid.settings.levelKey.${key}`)} rules={[{ required: true }]}>
                <InputNumber min={1} max={365} precision={0} />
              </Form.Item>
            ))}
          </Space>
          <Source source={data.sources.intervalDays} />
        </Card>
        <Card size="small" title={s('radius')} style={{ marginTop: 12 }}>
          <Form.Item name="checkInRadiusM" label={s('radius')} rules={[{ required: true }]}>
            <InputNumber min={10} max={5000} precision={0} />
          </Form.Item>
          <Source source={data.sources.checkInRadiusM} />
        </Card>
        <Card size="small" title={s('categories')} style={{ marginTop: 12 }}>
          <Form.List name="caseCategories">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  // One category a line: its code, name and hours read together.
                  <Space key={field.key} align="baseline" wrap style={{ display: 'flex' }}>
                    <Form.Item name={[field.name, 'code']} label={s('categoryCode')} rules={[{ required: true }]}>
                      <Input style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'name']} label={s('categoryName')} rules={[{ required: true }]}>
                      <Input style={{ width: 220 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'deadlineHours']} label={s('deadlineHours')} rules={[{ required: true }]}>
                      <InputNumber min={1} max={24 * 90} precision={0} />
                    </Form.Item>
                    {editable && (
                      <Button type="text" icon={<DeleteOutlined />} aria-label={s('remove')} onClick={() => remove(field.name)} />
                    )}
                  </Space>
                ))}
                {editable && (
                  <Button icon={<PlusOutlined />} onClick={() => add({ code: '', name: '', deadlineHours: 72 })}>
                    {s('add')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
          <Source source={data.sources.caseCategories} />
        </Card>
        {editable && (
          <Button type="primary" htmlType="submit" loading={saving} style={{ marginTop: 12 }} data-testid="grid-settings-save">
            {s('save')}
          </Button>
        )}
      </Form>
    </>
  );
}
