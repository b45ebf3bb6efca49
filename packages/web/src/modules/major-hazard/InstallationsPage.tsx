import { FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { api, majorHazard } from '@citysafe/domain';
import { Button, Card, Col, Row, Select, Spin } from 'antd';
import type { FeatureCollection, MultiPoint } from 'geojson';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCan } from '../../app/session';
import { buildQuery } from '../../shared/api';
import { dateStamp } from '../../shared/exportXlsx';
import { DownloadButton } from '../../shared/files/DownloadButton';
import { type ListColumn, ListSearch, PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { useBi } from '../../shared/locale';
import { MapLegend } from '../../shared/map/MapLegend';
import { MapView } from '../../shared/MapView';
import { OrgTreeSelect, useOrgs } from '../../shared/orgs';
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { useApiQuery } from '../../shared/query';
import { GradeTag, StatusTag, figure, gradeHex, grades, notMajorHex, useGradeLabel, useInstallationText } from './labels';

type Installation = api.majorHazard.Installation;
type Status = majorHazard.InstallationStatus;
type GradeFilter = '1' | '2' | '3' | '4' | 'none';

/**
 * 一张图一张表: the installations the caller may see on the district map, coloured by grade, beside
 * the table of them (重大危险源辨识分级一览表) — both from the same filters in the address; the
 * table exports as the server's xlsx of those filters.
 */
export default function InstallationsPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const can = useCan();
  const navigate = useNavigate();
  const gradeLabel = useGradeLabel();
  const list = usePagedList(api.majorHazard.listInstallations);
  const filters = list.query;
  const filter = list.setFilters;
  const { page: _page, pageSize: _size, sort: _sort, ...shared } = filters;
  const points = useApiQuery(api.majorHazard.installationsGeoJson, { query: shared }, { keepPrevious: true });
  const { orgs } = useOrgs();
  const streets = orgs.filter((o) => o.type === 'street');
  const m = useInstallationText();

  const features: FeatureCollection = {
    type: 'FeatureCollection',
    features: (points.data?.features ?? []).map((f) => ({
      type: 'Feature',
      geometry: f.geometry,
      properties: { label: f.properties.name, color: gradeHex(f.properties.grade), radius: f.properties.grade ? 9 : 6 },
    })),
  };

  // The map opens on the units shown (the district when there are none), close enough for their names to part.
  const extent: MultiPoint | null = features.features.length
    ? { type: 'MultiPoint', coordinates: (points.data?.features ?? []).map((f) => f.geometry.coordinates) }
    : null;

  const columns: ListColumn<Installation>[] = [
    {
      title: m('name'),
      dataIndex: 'name',
      width: 170,
      fixed: 'left',
      render: (name: string, i) => (
        <Link to={`/major-hazards/${i.id}`} data-testid="installation-open">
          {name}
        </Link>
      ),
    },
    { title: m('enterprise'), dataIndex: 'orgName', width: 180 },
    {
      title: m('grade'),
      dataIndex: 'grade',
      width: 90,
      priority: true,
      render: (g: number | null) => <GradeTag grade={g} testId="installation-grade" />,
    },
    { title: m('s'), dataIndex: 's', width: 90, align: 'right', render: (s: number) => figure(s) },
    { title: m('r'), dataIndex: 'r', width: 80, align: 'right', render: (r: number | null) => figure(r) },
    { title: m('street'), dataIndex: 'streetName', width: 130, responsive: ['xxl'], render: (s: string | null) => s ?? m('areaUnknown') },
    { title: m('status'), dataIndex: 'status', width: 110, priority: true, render: (s: Status) => <StatusTag status={s} /> },
    { title: m('registrationNo'), dataIndex: 'registrationNo', width: 190, responsive: ['xxl'], render: (n: string | null) => n ?? '—' },
  ];

  return (
    <>
      <PageHeader
        title={m('title')}
        extra={
          <>
            {can('majorHazard.declare') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/major-hazards/new')} data-testid="installation-new">
                {m('add')}
              </Button>
            )}
            <DownloadButton
              icon={<FileExcelOutlined />}
              path={api.majorHazard.installationsXlsx.path + buildQuery(shared)}
              fileName={`${m('exportName')}_${dateStamp()}.xlsx`}
              testId="installation-export"
            >
              {t('common.exportExcel')}
            </DownloadButton>
          </>
        }
      />
      <Card size="small">
        <FilterBar>
          <ListSearch list={list} placeholder={m('searchPlaceholder')} testId="installation-search" />
          <Select
            aria-label={m('grade')}
            placeholder={m('grade')}
            allowClear
            value={filters.grade}
            onChange={(grade?: GradeFilter) => filter({ grade })}
            options={[
              ...grades.map((g) => ({ value: String(g) as GradeFilter, label: gradeLabel(g) })),
              { value: 'none' as const, label: gradeLabel(null) },
            ]}
            style={{ width: 120 }}
            data-testid="installation-filter-grade"
          />
          <Select
            aria-label={m('status')}
            placeholder={m('status')}
            allowClear
            value={filters.status}
            onChange={(status?: Status) => filter({ status })}
            options={majorHazard.installationStatuses.map((s) => ({
              value: s,
              label: bi(majorHazard.installationWorkflow.states[s].label),
            }))}
            style={{ width: 130 }}
            data-testid="installation-filter-status"
          />
          {streets.length > 0 && (
            <Select
              aria-label={m('street')}
              placeholder={m('street')}
              allowClear
              value={filters.streetId}
              onChange={(streetId?: string) => filter({ streetId })}
              options={streets.map((s) => ({ value: s.id, label: s.shortName ?? s.name }))}
              style={{ width: 150 }}
              data-testid="installation-filter-street"
            />
          )}
          <div style={{ width: 200 }}>
            <OrgTreeSelect placeholder={m('enterprise')} allowClear value={filters.orgId} onChange={(orgId) => filter({ orgId })} />
          </div>
        </FilterBar>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            <div data-testid="installation-map">
              {/* Drawn once the points are known: the map opens on them, and keeps the reader's view as filters change. */}
              {points.data ? (
                <MapView features={features} initialView={extent} height={460} ariaLabel={m('mapTitle')}>
                  <MapLegend
                    title={m('legend')}
                    items={[
                      ...grades.map((g) => ({ color: gradeHex(g), label: gradeLabel(g) })),
                      { color: notMajorHex, label: gradeLabel(null) },
                    ]}
                  />
                </MapView>
              ) : (
                <Spin className="page-spin" />
              )}
            </div>
          </Col>
          <Col xs={24} xl={14}>
            <PagedTable<Installation> list={list} columns={columns} scroll={{ x: 700 }} testId="installation-table" />
          </Col>
        </Row>
      </Card>
    </>
  );
}
