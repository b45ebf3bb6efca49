import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { api } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, Modal, Space, Table } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { call } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { PageHeader } from '../../shared/PageHeader';
import { invalidatePaths, useApiQuery } from '../../shared/query';
import { useDutyText } from './DutyText';

type Day = { date: string; roster: api.emergencyDuty.RosterDay | null };

/** Sets one day's duty: one leader, the staff. */
function DayModal({ orgId, day, onClose }: { orgId: string; day: Day; onClose: () => void }) {
  const d = useDutyText();
  const { message } = App.useApp();
  const showError = useShowError();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const save = useMutation({
    mutationFn: (v: { leader: { name: string; phone: string }; staff?: { name: string; phone: string }[]; note?: string }) =>
      call(api.emergencyDuty.putRoster, {
        params: { date: day.date },
        body: { orgId, leader: v.leader, staff: v.staff ?? [], note: v.note?.trim() || null },
      }),
    onSuccess: async () => {
      message.success(d('saved'));
      await invalidatePaths(client, '/api/emergency/duty');
      onClose();
    },
    onError: (e) => showError(e, form),
  });
  const r = day.roster;
  return (
    <Modal open title={`${d('edit')} ${day.date}`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        initialValues={r ? { leader: r.leader, staff: r.staff, note: r.note } : { staff: [] }}
      >
        <Space align="start" wrap>
          <Form.Item name={['leader', 'name']} label={`${d('leader')} ${d('name')}`} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name={['leader', 'phone']} label={d('phone')} rules={[{ required: true }]}>
            <Input inputMode="tel" />
          </Form.Item>
        </Space>
        <Form.List name="staff">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" wrap>
                  <Form.Item name={[f.name, 'name']} label={`${d('staff')} ${d('name')}`} rules={[{ required: true }]}>
                    <Input />
                  </Form.Item>
                  <Form.Item name={[f.name, 'phone']} label={d('phone')} rules={[{ required: true }]}>
                    <Input inputMode="tel" />
                  </Form.Item>
                  <Button
                    type="text"
                    aria-label={d('remove')}
                    icon={<MinusCircleOutlined />}
                    onClick={() => remove(f.name)}
                    style={{ marginTop: 30 }}
                  />
                </Space>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ name: '', phone: '' })}>
                {d('addStaff')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="note" label={d('note')} style={{ marginTop: 12 }}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 值班排班 `/emergency/duty/roster`: the caller's org's month, a day per row. */
export default function DutyRosterPage() {
  const d = useDutyText();
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const [editing, setEditing] = useState<Day | null>(null);
  const { data } = useApiQuery(api.emergencyDuty.listRosters, { query: { month } });
  const editable = data?.allowedActions.includes('update') ?? false;
  return (
    <div data-testid="duty-roster-page">
      <PageHeader
        title={`${d('rosterMenu')}${data ? `：${data.org.name}` : ''}`}
        extra={
          <DatePicker
            picker="month"
            aria-label={d('month')}
            allowClear={false}
            value={dayjs(`${month}-01`)}
            onChange={(v) => v && setMonth(v.format('YYYY-MM'))}
          />
        }
      />
      <Table<Day>
        rowKey="date"
        size="small"
        pagination={false}
        dataSource={data?.days ?? []}
        columns={[
          { title: d('at'), dataIndex: 'date', width: 120, render: (v: string) => `${v.slice(5)} ${'日一二三四五六'[dayjs(v).day()]}` },
          { title: d('leader'), render: (_, r) => (r.roster ? `${r.roster.leader.name} ${r.roster.leader.phone}` : '—') },
          { title: d('staff'), render: (_, r) => r.roster?.staff.map((p) => p.name).join('、') || '—' },
          {
            title: '',
            width: 90,
            render: (_, r) =>
              editable && (
                <Button size="small" onClick={() => setEditing(r)}>
                  {d('edit')}
                </Button>
              ),
          },
        ]}
      />
      {editing && data && <DayModal orgId={data.org.id} day={editing} onClose={() => setEditing(null)} />}
    </div>
  );
}
