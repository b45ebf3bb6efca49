import { FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { api, monitoring } from '@citysafe/domain';
import { Button, Card, Col, Row, Select, Spin } from 'antd';
import type { FeatureCollection } from 'geojson';
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
import { FilterBar, PageHeader } from '../../shared/PageHeader';
import { useApiQuery } from '../../shared/query';
import { deviceStateHex } from './alarmLabels';
import { DeviceStateTag, useDeviceText } from './deviceLabels';

type Device = api.monitoringDevices.Device;

/** 监测设备: the devices the caller may see, on the map coloured by state and in a list with filters. */
export default function DevicesPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const d = useDeviceText();
  const time = useFormatTime();
  const navigate = useNavigate();
  const can = useCan();
  const list = usePagedList(api.monitoringDevices.list);
  const filters = list.query;
  const { page: _page, pageSize: _size, sort: _sort, q: _q, ...mapFilters } = filters;
  const map = useApiQuery(api.monitoringDevices.geojson, { query: mapFilters }, { keepPrevious: true });

  const features: FeatureCollection = {
    type: 'FeatureCollection',
    features: (map.data?.features ?? []).map((f) => ({
      type: 'Feature',
      geometry: f.geometry,
      properties: {
        label: f.properties.name,
        color: deviceStateHex[f.properties.state as monitoring.DeviceState] ?? deviceStateHex.normal,
        radius: f.properties.state === 'alarm' ? 9 : 6,
      },
    })),
  };

  const columns: ListColumn<Device>[] = [
    {
      title: d('code'),
      dataIndex: 'code',
      key: 'code',
      width: 150,
      sorter: true,
      render: (code: string, device) => (
        <Link to={`/monitoring/devices/${device.id}`} data-testid="device-open">
          {code}
        </Link>
      ),
    },
    { title: d('name'), dataIndex: 'name', key: 'name', width: 200, sorter: true, priority: true },
    { title: d('type'), dataIndex: 'type', width: 110, render: (type: monitoring.DeviceType) => bi(monitoring.deviceTypes[type]) },
    {
      title: d('state'),
      dataIndex: 'state',
      width: 90,
      priority: true,
      render: (s: monitoring.DeviceState) => <DeviceStateTag state={s} />,
    },
    {
      title: d('lastSeenAt'),
      dataIndex: 'lastSeenAt',
      key: 'lastSeenAt',
      width: 150,
      sorter: true,
      render: (at: string | null) => (at ? time(at) : d('never')),
    },
    { title: d('malformedCount'), dataIndex: 'malformedCount', width: 100, responsive: ['lg'] },
    { title: d('unit'), dataIndex: 'orgName', width: 180, responsive: ['lg'] },
    { title: d('street'), dataIndex: 'streetName', width: 110, responsive: ['xl'], render: (s: string | null) => s ?? '—' },
  ];

  return (
    <>
      <PageHeader
        title={d('title')}
        extra={
          <>
            <DownloadButton
              icon={<FileExcelOutlined />}
              path={api.monitoringDevices.xlsx.path + buildQuery(mapFilters)}
              fileName={`${d('exportName')}_${dateStamp()}.xlsx`}
              testId="device-export"
            >
              {t('common.exportExcel')}
            </DownloadButton>
            {can('monitoring.device') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => navigate('/monitoring/devices/new')}
                data-testid="device-register"
              >
                {d('register')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small">
        <FilterBar>
          <ListSearch list={list} placeholder={d('searchPlaceholder')} testId="device-search" />
          <Select
            aria-label={d('type')}
            placeholder={d('anyType')}
            allowClear
            value={filters.type}
            onChange={(type?: monitoring.DeviceType) => list.setFilters({ type })}
            options={monitoring.deviceTypeCodes.map((c) => ({ value: c, label: bi(monitoring.deviceTypes[c]) }))}
            style={{ width: 150 }}
            data-testid="device-filter-type"
          />
          <Select
            aria-label={d('status')}
            placeholder={d('anyStatus')}
            allowClear
            value={filters.status}
            onChange={(status?: monitoring.DeviceStatus) => list.setFilters({ status })}
            options={[
              { value: 'active', label: d('statusActive') },
              { value: 'disabled', label: d('statusDisabled') },
            ]}
            style={{ width: 120 }}
            data-testid="device-filter-status"
          />
        </FilterBar>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            <div data-testid="device-map">
              {map.data ? (
                <MapView features={features} height={420} ariaLabel={d('map')}>
                  <MapLegend
                    title={d('state')}
                    items={(Object.keys(monitoring.deviceStates) as monitoring.DeviceState[]).map((s) => ({
                      color: deviceStateHex[s],
                      label: bi(monitoring.deviceStates[s]),
                    }))}
                  />
                </MapView>
              ) : (
                <Spin className="page-spin" />
              )}
            </div>
          </Col>
          <Col xs={24} xl={14}>
            <PagedTable<Device> list={list} columns={columns} scroll={{ x: 900 }} testId="device-table" />
          </Col>
        </Row>
      </Card>
    </>
  );
}
