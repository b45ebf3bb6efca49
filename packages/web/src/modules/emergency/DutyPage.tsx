import { PhoneOutlined } from '@ant-design/icons';
import { api, emergency } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Collapse, DatePicker, Empty, Form, Input, List, Modal, Select, Space, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useCan } from '../../app/session';
import { call } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { PageHeader } from '../../shared/PageHeader';
import { invalidatePaths, useApiQuery } from '../../shared/query';
import { useDutyText } from './DutyText';

type Entry = api.emergencyDuty.DutyLogEntry;
type Person = { name: string; phone: string };

/** A name with a `tel:` link: on a phone, one tap calls. */
function CallLink({ person }: { person: Person }) {
  const d = useDutyText();
  return (
    <a
      href={`tel:${person.phone.replace(/[^0-9+]/g, '')}`}
      className="duty-call"
      aria-label={`${d('call')} ${person.name} ${person.phone}`}
    >
      <PhoneOutlined /> {person.name} {person.phone}
    </a>
  );
}

const time = (at: string) => dayjs(at).format('MM-DD HH:mm');

/** 今日值班: every roster of today within reach, the caller's own org first. */
function Today() {
  const d = useDutyText();
  const { data } = useApiQuery(api.emergencyDuty.todayDuty);
  if (!data) return null;
  return (
    <Card
      size="small"
      title={`${d('today')} ${data.date}`}
      extra={data.onDuty && <Tag color="green">{d('onDuty')}</Tag>}
      data-testid="duty-today"
    >
      {data.rosters.length === 0 ? (
        <Empty description={d('nobody')} />
      ) : (
        <List
          dataSource={data.rosters}
          renderItem={(r) => (
            <List.Item>
              <Space direction="vertical" size={2}>
                <Typography.Text strong>{r.orgName}</Typography.Text>
                <span>
                  {d('leader')}：<CallLink person={r.leader} />
                </span>
                {r.staff.length > 0 && (
                  <span>
                    {d('staff')}：
                    <Space wrap size={[12, 0]}>
                      {r.staff.map((p) => (
                        <CallLink key={`${p.name}${p.phone}`} person={p} />
                      ))}
                    </Space>
                  </span>
                )}
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** Logs a call, an event or a notice. */
function NewEntry() {
  const d = useDutyText();
  const bi = useBi();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (v: { kind: emergency.DutyLogKind; caller?: string; phone?: string; summary: string }) =>
      call(api.emergencyDuty.createDutyLogEntry, {
        body: { kind: v.kind, caller: v.caller?.trim() || null, phone: v.phone?.trim() || null, summary: v.summary },
      }),
    onSuccess: async () => {
      form.resetFields();
      message.success(d('saved'));
      await invalidatePaths(client, '/api/emergency/duty');
    },
    onError: (e) => showError(e, form),
  });
  return (
    <Form form={form} layout="vertical" initialValues={{ kind: 'call' }} onFinish={(v) => save.mutate(v)} data-testid="duty-new-entry">
      <Space wrap align="start">
        <Form.Item name="kind" label={d('kind')} rules={[{ required: true }]}>
          <Select
            style={{ width: 110 }}
            aria-label={d('kind')}
            options={emergency.dutyLogKinds.map((k) => ({ value: k, label: bi(emergency.dutyLogKindLabels[k]) }))}
          />
        </Form.Item>
        <Form.Item name="caller" label={d('caller')}>
          <Input style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="phone" label={d('phone')}>
          <Input style={{ width: 150 }} inputMode="tel" />
        </Form.Item>
      </Space>
      <Form.Item name="summary" label={d('summary')} rules={[{ required: true, min: 2 }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {d('newEntry')}
      </Button>
    </Form>
  );
}

/** Closes an entry or records it as an incident. */
function EntryAction({ entry, action, onClose }: { entry: Entry; action: 'close' | 'recordIncident'; onClose: () => void }) {
  const d = useDutyText();
  const bi = useBi();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: async (v: Record<string, unknown>) => {
      if (action === 'close') {
        await call(api.emergencyDuty.closeDutyLogEntry, { params: { id: entry.id }, body: { note: v.note as string } });
        return null;
      }
      return call(api.emergencyDuty.recordDutyLogIncident, {
        params: { id: entry.id },
        body: {
          title: v.title as string,
          category: v.category as emergency.IncidentCategory,
          occurredAt: (v.occurredAt as Dayjs).format(),
          placeName: (v.placeName as string | undefined)?.trim() || null,
        },
      });
    },
    onSuccess: async (res) => {
      await invalidatePaths(client, '/api/emergency');
      onClose();
      if (res) {
        message.success(d('recorded', { code: res.entry.incidentCode ?? '' }));
        navigate(`/emergency/incidents/${res.incidentId}`);
      }
    },
    onError: (e) => showError(e, form),
  });
  return (
    <Modal
      open
      title={d(action === 'close' ? 'close' : 'recordIncident')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Typography.Paragraph type="secondary">{entry.summary}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={{ occurredAt: dayjs(entry.at), category: 'production' }}
      >
        {action === 'close' ? (
          <Form.Item name="note" label={d('closeNote')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="title" label={d('incidentTitle')} rules={[{ required: true, min: 2 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="category" label={d('category')} rules={[{ required: true }]}>
              <Select options={emergency.incidentCategories.map((c) => ({ value: c, label: bi(emergency.incidentCategoryLabels[c]) }))} />
            </Form.Item>
            <Form.Item name="occurredAt" label={d('occurredAt')} rules={[{ required: true }]}>
              <DatePicker showTime format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item name="placeName" label={d('placeName')}>
              <Input />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

/** 值班记录: the latest entries within reach, open ones with their actions. */
function Log() {
  const d = useDutyText();
  const bi = useBi();
  const can = useCan();
  const [acting, setActing] = useState<{ entry: Entry; action: 'close' | 'recordIncident' } | null>(null);
  const { data } = useApiQuery(api.emergencyDuty.listDutyLog, { query: { pageSize: 50 } });
  return (
    <Card size="small" title={d('log')} data-testid="duty-log">
      {can('emergency.duty') && (
        <Collapse size="small" items={[{ key: 'new', label: d('newEntry'), children: <NewEntry /> }]} style={{ marginBottom: 12 }} />
      )}
      <List
        dataSource={data?.items ?? []}
        renderItem={(e) => (
          <List.Item
            actions={e.allowedActions.map((a) => (
              <Button key={a} size="small" onClick={() => setActing({ entry: e, action: a })}>
                {d(a)}
              </Button>
            ))}
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <Tag>{bi(emergency.dutyLogKindLabels[e.kind])}</Tag>
                  <span>{time(e.at)}</span>
                  <Tag color={e.status === 'open' ? 'orange' : 'default'}>{bi(emergency.dutyLogStatusLabels[e.status])}</Tag>
                  {e.incidentCode && <a href={`/emergency/incidents/${e.incidentId}`}>{e.incidentCode}</a>}
                </Space>
              }
              description={
                <>
                  <div>{e.summary}</div>
                  {e.phone && <CallLink person={{ name: e.caller ?? '', phone: e.phone }} />}
                  {e.closedNote && <Typography.Text type="secondary"> {e.closedNote}</Typography.Text>}
                </>
              }
            />
          </List.Item>
        )}
      />
      {acting && <EntryAction entry={acting.entry} action={acting.action} onClose={() => setActing(null)} />}
    </Card>
  );
}

/** 交接班: what the shift passes on now, and the handover itself. */
function Handover() {
  const d = useDutyText();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const { data } = useApiQuery(api.emergencyDuty.handoverDraft);
  const save = useMutation({
    mutationFn: (v: { toName: string; note?: string }) =>
      call(api.emergencyDuty.createHandover, { body: { toName: v.toName, note: v.note?.trim() || null } }),
    onSuccess: async () => {
      form.resetFields();
      message.success(d('saved'));
      await invalidatePaths(client, '/api/emergency/duty');
    },
    onError: (e) => showError(e, form),
  });
  if (!data) return null;
  return (
    <Card size="small" title={`${d('handover')}：${data.orgName}`} data-testid="duty-handover">
      <Typography.Paragraph strong>{data.summary}</Typography.Paragraph>
      {data.items.openIncidents.length > 0 && (
        <>
          <Typography.Text type="secondary">{d('openIncidents')}</Typography.Text>
          <ul>
            {data.items.openIncidents.map((i) => (
              <li key={i.id}>
                <a href={`/emergency/incidents/${i.id}`}>{i.code}</a> {i.title}
              </li>
            ))}
          </ul>
        </>
      )}
      {data.items.openLogEntries.length > 0 && (
        <>
          <Typography.Text type="secondary">{d('openEntries')}</Typography.Text>
          <ul>
            {data.items.openLogEntries.map((e) => (
              <li key={e.id}>
                {time(e.at)} {e.summary}
              </li>
            ))}
          </ul>
        </>
      )}
      {data.last && (
        <Typography.Paragraph type="secondary">
          {d('lastHandover', { from: data.last.fromName, to: data.last.toName, at: time(data.last.at) })}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
        <Form.Item name="toName" label={d('handoverTo')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="note" label={d('handoverNote')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {d('handoverDo')}
        </Button>
      </Form>
    </Card>
  );
}

/** 通讯录: by org, each person with their roles and a call link. */
function Contacts() {
  const d = useDutyText();
  const [q, setQ] = useState('');
  const { data } = useApiQuery(api.emergencyDuty.contacts, { query: q ? { q } : {} });
  return (
    <Card size="small" data-testid="duty-contacts">
      <Input.Search placeholder={d('search')} aria-label={d('search')} allowClear onSearch={setQ} style={{ marginBottom: 12 }} />
      <List
        dataSource={data?.orgs ?? []}
        renderItem={(o) => (
          <List.Item>
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Typography.Text strong>{o.name}</Typography.Text>
              {o.people.map((p) => (
                <Space key={p.userId} wrap size={[8, 0]}>
                  {p.phone ? <CallLink person={{ name: p.name, phone: p.phone }} /> : <span>{p.name}</span>}
                  {p.roles.map((r) => (
                    <Tag key={r.code}>{r.name}</Tag>
                  ))}
                  {p.onDutyToday && <Tag color="green">{d('onDutyTag')}</Tag>}
                </Space>
              ))}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** 值班值守 `/emergency/duty`, phone-first: today's duty with call links, the log, the handover, the contacts. */
export default function DutyPage() {
  const d = useDutyText();
  const can = useCan();
  return (
    <div data-testid="duty-page" className="duty-page">
      <PageHeader title={d('menu')} />
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        <Today />
        <Tabs
          items={[
            { key: 'log', label: d('log'), children: <Log /> },
            ...(can('emergency.duty') ? [{ key: 'handover', label: d('handover'), children: <Handover /> }] : []),
            { key: 'contacts', label: d('contacts'), children: <Contacts /> },
          ]}
        />
      </Space>
    </div>
  );
}
