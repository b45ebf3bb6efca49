import { FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { api, emergency } from '@citysafe/domain';
import { Button, Card, Col, Row, Select, Spin } from 'antd';
import type { FeatureCollection, MultiPoint } from 'geojson';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCan } from '../../app/session';
import { buildQuery } from '../../shared/api';
import { dateStamp } from '../../shared/exportXlsx';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { useFormatTime } from '../../shared/format';
import { type ListColumn, ListSearch, PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { useBi } from '../../shared/locale';
import { MapLegend } from '../../shared/map/MapLegend';
import { MapView } from '../../shared/MapView';
import { useOrgs } from '../../shared/orgs';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { useApiQuery } from '../../shared/query';
import { GradeTag, IncidentStatusTag, gradeHex, useIncidentText } from './incidentLabels';

type Incident = api.emergency.Incident;

/**
 * 事故/突发事件: the incidents the caller may see on the district map, coloured by grade, beside their table —
 * both from the same filters in the address; the table exports as the server's xlsx of those filters.
 */
export default function IncidentsPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const can = useCan();
  const time = useFormatTime();
  const navigate = useNavigate();
  const m = useIncidentText();
  const list = usePagedList(api.emergency.listIncidents);
  const filters = list.query;
  const filter = list.setFilters;
  const { page: _page, pageSize: _size, sort: _sort, ...shared } = filters;
  const points = useApiQuery(api.emergency.incidentsGeoJson, { query: shared }, { keepPrevious: true });
  const { orgs } = useOrgs();
  const streets = orgs.filter((o) => o.type === 'street');

  const features: FeatureCollection = {
    type: 'FeatureCollection',
    features: (points.data?.features ?? []).map((f) => ({
      type: 'Feature',
      geometry: f.geometry,
      properties: { label: f.properties.code, color: gradeHex[f.properties.grade], radius: f.properties.grade === '一般' ? 7 : 10 },
    })),
  };
  const extent: MultiPoint | null = features.features.length
    ? { type: 'MultiPoint', coordinates: (points.data?.features ?? []).map((f) => f.geometry.coordinates) }
    : null;

  const columns: ListColumn<Incident>[] = [
    {
      title: m('code'),
      dataIndex: 'code',
      key: 'code',
      width: 120,
      sorter: true,
      render: (code: string, i) => (
        <Link to={`/emergency/incidents/${i.id}`} data-testid="incident-open">
          {code}
        </Link>
      ),
    },
    { title: m('name'), dataIndex: 'title', width: 200, priority: true },
    {
      title: m('grade'),
      dataIndex: 'grade',
      key: 'grade',
      width: 110,
      sorter: true,
      priority: true,
      render: (g: emergency.AccidentGrade) => <GradeTag grade={g} testId="incident-grade" />,
    },
    { title: m('status'), dataIndex: 'status', width: 110, render: (s: emergency.IncidentStatus) => <IncidentStatusTag status={s} /> },
    {
      title: m('category'),
      dataIndex: 'category',
      width: 120,
      responsive: ['lg'],
      render: (c: emergency.IncidentCategory) => bi(emergency.incidentCategoryLabels[c]),
    },
    { title: m('occurredAt'), dataIndex: 'occurredAt', key: 'occurredAt', width: 150, sorter: true, render: (at: string) => time(at) },
    {
      title: m('street'),
      dataIndex: 'street',
      width: 110,
      responsive: ['xl'],
      render: (s: Incident['street']) => s?.name ?? m('areaUnknown'),
    },
    {
      title: m('figures'),
      key: 'figures',
      width: 170,
      responsive: ['xl'],
      render: (_: unknown, i) => `${m('deaths')} ${i.deaths} · ${m('missing')} ${i.missing} · ${i.directLossWan} ${m('wan')}`,
    },
  ];

  return (
    <>
      <PageHeader
        title={m('title')}
        extra={
          <>
            {can('emergency.report') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate('/emergency/incidents/new')}
                data-testid="incident-new"
              >
                {m('add')}
              </Button>
            )}
            <DownloadButton
              icon={<FileExcelOutlined />}
              path={api.emergency.exportIncidents.path + buildQuery(shared)}
              fileName={`${m('exportName')}_${dateStamp()}.xlsx`}
              testId="incident-export"
            >
              {t('common.exportExcel')}
            </DownloadButton>
          </>
        }
      />
      <Card size="small">
        <FilterBar>
          <ListSearch list={list} placeholder={m('searchPlaceholder')} testId="incident-search" />
          <Select
            aria-label={m('grade')}
            placeholder={m('grade')}
            allowClear
            value={filters.grade}
            onChange={(grade?: emergency.AccidentGrade) => filter({ grade })}
            options={emergency.accidentGrades.map((g) => ({ value: g, label: bi(emergency.accidentGradeLabels[g]) }))}
            style={{ width: 140 }}
            data-testid="incident-filter-grade"
          />
          <Select
            aria-label={m('status')}
            placeholder={m('status')}
            allowClear
            value={filters.status}
            onChange={(status?: emergency.IncidentStatus) => filter({ status })}
            options={emergency.incidentStatuses.map((s) => ({ value: s, label: bi(emergency.incidentWorkflow.states[s].label) }))}
            style={{ width: 130 }}
          />
          <Select
            aria-label={m('category')}
            placeholder={m('category')}
            allowClear
            value={filters.category}
            onChange={(category?: emergency.IncidentCategory) => filter({ category })}
            options={emergency.incidentCategories.map((c) => ({ value: c, label: bi(emergency.incidentCategoryLabels[c]) }))}
            style={{ width: 150 }}
          />
          {streets.length > 0 && (
            <Select
              aria-label={m('street')}
              placeholder={m('anyStreet')}
              allowClear
              value={filters.streetId}
              onChange={(streetId?: string) => filter({ streetId })}
              options={streets.map((s) => ({ value: s.id, label: s.shortName ?? s.name }))}
              style={{ width: 150 }}
            />
          )}
        </FilterBar>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            <div data-testid="incident-map">
              {points.data ? (
                <MapView features={features} initialView={extent} height={440} ariaLabel={m('mapTitle')}>
                  <MapLegend
                    title={m('legend')}
                    items={emergency.accidentGrades.map((g) => ({ color: gradeHex[g], label: bi(emergency.accidentGradeLabels[g]) }))}
                  />
                </MapView>
              ) : (
                <Spin className="page-spin" />
              )}
            </div>
          </Col>
          <Col xs={24} xl={14}>
            <PagedTable<Incident> list={list} columns={columns} scroll={{ x: 900 }} testId="incident-table" />
          </Col>
        </Row>
      </Card>
    </>
  );
}
