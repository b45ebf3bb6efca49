import { FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { api, hazard } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  Pagination,
  Select,
  Space,
  Spin,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import type { Point } from 'geojson';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useCan } from '../../app/session';
import { buildQuery, call } from '../../shared/api';
import { dateStamp } from '../../shared/exportXlsx';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { useShowError } from '../../shared/forms';
import { ListSearch, usePhone } from '../../shared/list/PagedTable';
import { type PagedList, usePagedList } from '../../shared/list/usePagedList';
import { useBi } from '../../shared/locale';
import { GeometryInput } from '../../shared/map/GeometryInput';
import { OrgTreeSelect } from '../../shared/orgs';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { invalidatePaths, useApiQuery } from '../../shared/query';
import { useInspectionText } from './inspectionText';
import './hazard.css';
import './inspection.css';

type Inspection = api.hazardInspections.Inspection;
type Status = hazard.InspectionStatus;
type InspectionList = PagedList<typeof api.hazardInspections.listInspections>;

const statusColor: Record<Status, string> = { planned: 'blue', in_progress: 'orange', completed: 'green', cancelled: 'default' };

/** An inspection's state as a coloured tag. */
export function InspectionStatusTag({ status }: { status: Status }) {
  const bi = useBi();
  return (
    <Tag color={statusColor[status]} data-testid="inspection-status">
      {bi(hazard.inspectionWorkflow.states[status].label)}
    </Tag>
  );
}

/** One inspection as a card a thumb can open: what, where, when, how far along. */
function InspectionCard({ i }: { i: Inspection }) {
  const m = useInspectionText();
  return (
    <Link to={`/hazard-inspections/${i.id}`} className="inspection-card-link" data-testid="inspection-card">
      <Card size="small" hoverable>
        <div className="inspection-card-title">
          <Typography.Text strong>{i.title}</Typography.Text>
          <InspectionStatusTag status={i.status} />
        </div>
        <Typography.Text type="secondary">
          {i.code} · {[i.targetOrgName, i.placeName].filter(Boolean).join(' · ')}
        </Typography.Text>
        <div className="inspection-card-meta">
          <span>
            {m('plannedOn')}：{i.plannedOn}
          </span>
          <span>{m('progressText', { answered: i.answeredCount, total: i.itemCount, failed: i.failedCount })}</span>
        </div>
      </Card>
    </Link>
  );
}

function InspectionCards({ list }: { list: InspectionList }) {
  const m = useInspectionText();
  if (!list.items) return <Spin className="page-spin" />;
  if (list.items.length === 0) return <Empty description={m('empty')} />;
  return (
    <div className="inspection-cards">
      {list.items.map((i) => (
        <InspectionCard key={i.id} i={i} />
      ))}
      <Pagination
        size="small"
        current={list.query.page}
        pageSize={list.query.pageSize}
        total={list.total}
        onChange={(page, size) => list.setPage(page, size)}
        showSizeChanger={false}
      />
    </div>
  );
}

interface PlanValues {
  title: string;
  targetOrgId?: string;
  placeName?: string;
  point?: Point | null;
  templateCode?: string;
  clauseIds?: string[];
  plannedOn: Dayjs;
  customItems?: string;
}

/** The plan form: what is inspected, with which template, when; the checklist is built by the server. */
function PlanDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const bi = useBi();
  const phone = usePhone();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [form] = Form.useForm<PlanValues>();
  const templates = useApiQuery(api.hazardInspections.listInspectionTemplates, {});
  const standards = useApiQuery(api.hazardRules.listStandards, {});
  // The library's active clauses, grouped by their standard: a standard is picked whole or clause by clause.
  const clauseTree = (standards.data?.items ?? [])
    .filter((std) => std.active)
    .map((std) => ({
      value: `standard:${std.id}`,
      title: std.name,
      selectable: false,
      children: std.clauses.filter((c) => c.active).map((c) => ({ value: c.id, title: `${c.number} ${c.text}` })),
    }));
  const m = useInspectionText();
  const save = useMutation({
    mutationFn: (v: PlanValues) => {
      const [lng, lat] = v.point?.coordinates ?? [];
      return call(api.hazardInspections.createInspection, {
        body: {
          title: v.title.trim(),
          ...(v.targetOrgId ? { targetOrgId: v.targetOrgId } : {}),
          ...(v.placeName?.trim() ? { placeName: v.placeName.trim() } : {}),
          ...(lng !== undefined && lat !== undefined ? { lng, lat } : {}),
          ...(v.templateCode ? { templateCode: v.templateCode } : {}),
          plannedOn: v.plannedOn.format('YYYY-MM-DD'),
          clauseIds: v.clauseIds ?? [],
          customItems: (v.customItems ?? '')
            .split('\n')
            .map((s) => s.trim())
            .filter((s) => s.length >= 2),
        },
      });
    },
    onSuccess: async (created) => {
      message.success(m('created', { code: created.code }));
      await invalidatePaths(client, '/api/hazard-inspections');
      onClose();
      navigate(`/hazard-inspections/${created.id}`);
    },
    onError: (e) => showError(e, form),
  });
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={m('add')}
      size={phone ? 'default' : 'large'}
      placement={phone ? 'bottom' : 'right'}
      height="92%"
      destroyOnHidden
    >
      <Form<PlanValues>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate(v)}
        className="inspection-form"
        data-testid="inspection-form"
      >
        <Form.Item name="title" label={m('name')} rules={[{ required: true, whitespace: true, message: m('titleRequired') }]}>
          <Input size="large" maxLength={200} data-testid="inspection-title" />
        </Form.Item>
        <Form.Item name="targetOrgId" label={m('targetOrg')}>
          <OrgTreeSelect allowClear data-testid="inspection-target" />
        </Form.Item>
        <Form.Item
          name="placeName"
          label={m('place')}
          dependencies={['targetOrgId']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value?: string) =>
                getFieldValue('targetOrgId') || value?.trim() ? Promise.resolve() : Promise.reject(new Error(m('targetRequired'))),
            }),
          ]}
        >
          <Input size="large" maxLength={200} data-testid="inspection-place" />
        </Form.Item>
        <Form.Item name="templateCode" label={m('template')}>
          <Select
            size="large"
            allowClear
            placeholder={m('noTemplate')}
            loading={!templates.data}
            options={(templates.data?.items ?? []).map((tpl) => ({ value: tpl.code, label: bi(tpl.name) }))}
            data-testid="inspection-template"
          />
        </Form.Item>
        <Form.Item name="clauseIds" label={m('clauses')} extra={m('clausesHelp')}>
          <TreeSelect
            size="large"
            multiple
            treeCheckable
            showCheckedStrategy={TreeSelect.SHOW_CHILD}
            treeData={clauseTree}
            loading={!standards.data}
            showSearch={{ treeNodeFilterProp: 'title' }}
            popupMatchSelectWidth={false}
            data-testid="inspection-clauses"
          />
        </Form.Item>
        <Form.Item name="plannedOn" label={m('plannedOn')} rules={[{ required: true, message: m('dateRequired') }]}>
          <DatePicker size="large" style={{ width: '100%' }} data-testid="inspection-date" />
        </Form.Item>
        <Form.Item name="customItems" label={m('customItems')} extra={m('customItemsHelp')}>
          <Input.TextArea rows={3} data-testid="inspection-custom" />
        </Form.Item>
        <Form.Item name="point" label={m('location')} extra={m('locationHelp')}>
          <GeometryInput kinds={['Point']} height={220} />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={save.isPending} data-testid="inspection-save">
          {m('add')}
        </Button>
      </Form>
    </Drawer>
  );
}

/**
 * 排查任务: the inspections the caller runs, of its own enterprise or in its area, as cards (a grid
 * member on a phone opens one with a thumb); a form plans a new one from a campaign template.
 */
export default function InspectionsPage() {
  const bi = useBi();
  const can = useCan();
  const list = usePagedList(api.hazardInspections.listInspections);
  const [planning, setPlanning] = useState(false);
  const templates = useApiQuery(api.hazardInspections.listInspectionTemplates, {}, { enabled: can('hazard.inspect') });
  const m = useInspectionText();
  // The 排查记录台账 takes the list's filters and sort, not its page.
  const { page: _page, pageSize: _size, ...exportQuery } = list.query;
  return (
    <>
      <PageHeader
        title={m('title')}
        extra={
          <>
            {can('hazard.inspect') && (
              <Button type="primary" size="large" icon={<PlusOutlined />} onClick={() => setPlanning(true)} data-testid="inspection-new">
                {m('add')}
              </Button>
            )}
            <DownloadButton
              icon={<FileExcelOutlined />}
              path={api.hazardInspections.exportInspections.path + buildQuery(exportQuery)}
              fileName={`${m('exportName')}_${dateStamp()}.xlsx`}
              testId="inspection-export"
            >
              {m('export')}
            </DownloadButton>
          </>
        }
      />
      <Card size="small">
        <FilterBar>
          <ListSearch list={list} placeholder={m('searchPlaceholder')} testId="inspection-search" />
          <Select
            aria-label={m('status')}
            placeholder={m('status')}
            allowClear
            value={list.query.status}
            onChange={(status?: Status) => list.setFilters({ status })}
            options={hazard.inspectionStatuses.map((s) => ({ value: s, label: bi(hazard.inspectionWorkflow.states[s].label) }))}
            style={{ width: 130 }}
            data-testid="inspection-filter-status"
          />
          {templates.data && (
            <Select
              aria-label={m('template')}
              placeholder={m('template')}
              allowClear
              value={list.query.templateCode}
              onChange={(templateCode?: string) => list.setFilters({ templateCode })}
              options={templates.data.items.map((tpl) => ({ value: tpl.code, label: bi(tpl.name) }))}
              style={{ width: 220 }}
            />
          )}
          <Space>
            <Checkbox
              checked={list.query.mine === 'true'}
              onChange={(e) => list.setFilters({ mine: e.target.checked ? 'true' : undefined })}
            >
              {m('mine')}
            </Checkbox>
          </Space>
        </FilterBar>
        <InspectionCards list={list} />
      </Card>
      <PlanDrawer open={planning} onClose={() => setPlanning(false)} />
    </>
  );
}
