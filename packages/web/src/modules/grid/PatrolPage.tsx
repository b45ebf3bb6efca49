import { CloudSyncOutlined, DisconnectOutlined } from '@ant-design/icons';
import { api, grid } from '@citysafe/domain';
import { Alert, App, Button, Card, Empty, Popconfirm, Space, Spin, Switch, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../app/session';
import { call, isApiError } from '../../shared/api';
import { useBi } from '../../shared/locale';
import { SourceLevelTag } from '../risk/SourceLevelTag';
import { PatrolVisit } from './PatrolVisit';
import { discardVisit, enqueueVisit, retryVisit, useVisitQueue } from './offline/queue';
import { noteAnswered, noteFailed } from './offline/reach';
import { type QueuedVisit, keep, kept, queuedVisits, routeKey, settingsKey } from './offline/store';
import './grid.css';
import { useGridText } from './text';

type Route = api.grid.Route;
type RoutePlace = api.grid.RoutePlace;

/**
 * The day's route: from the server when there is signal (and kept on the phone), else the copy kept on the phone
 * for that member and day. `savedAt` tells the page it shows a kept copy. Asked even offline (`networkMode`), since
 * the answer then comes from IndexedDB.
 */
function useRoute(userId: string, date: string) {
  return useQuery({
    queryKey: [api.grid.getRoute.path, { userId, date }],
    networkMode: 'always',
    retry: false,
    queryFn: async (): Promise<{ route: Route | null; savedAt: number | null }> => {
      const key = routeKey(userId, date);
      try {
        const route = await call(api.grid.getRoute, { query: { date } });
        noteAnswered();
        await keep(key, route);
        return { route, savedAt: null };
      } catch (error) {
        noteFailed(error);
        if (!isApiError(error, 'UNAVAILABLE')) throw error;
        const copy = await kept<Route>(key);
        return { route: copy?.value ?? null, savedAt: copy?.savedAt ?? null };
      }
    },
  });
}

/**
 * The settings a visit needs (the check-in radius, the case categories): the server's, kept on the phone for the
 * days without signal; the platform's defaults when the phone has never read them.
 */
function usePatrolSettings(): api.grid.GridSettingsView['settings'] {
  const { data } = useQuery({
    queryKey: [api.grid.getSettings.path, { kept: true }],
    networkMode: 'always',
    retry: false,
    queryFn: async () => {
      try {
        const view = await call(api.grid.getSettings);
        await keep(settingsKey, view.settings);
        return view.settings;
      } catch (error) {
        if (!isApiError(error, 'UNAVAILABLE')) throw error;
        return (await kept<api.grid.GridSettingsView['settings']>(settingsKey))?.value ?? grid.defaultGridSettings;
      }
    },
  });
  return data ?? grid.defaultGridSettings;
}

/**
 * 今日巡查 on a grid member's phone (390 px first): the places due today, each opened into a visit; works without
 * signal. The banner says 离线 and how many visits wait; the queue is sent on load and when the signal returns, and
 * visits the server refused stay listed with its reason.
 */
export default function PatrolPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const { message } = App.useApp();
  const client = useQueryClient();
  const user = useUser();
  const date = dayjs().format('YYYY-MM-DD');
  const { data, error, isPending } = useRoute(user.id, date);
  const settings = usePatrolSettings();
  const refresh = useCallback(() => void client.invalidateQueries({ queryKey: [api.grid.getRoute.path] }), [client]);
  const queue = useVisitQueue(user.id, refresh);
  const [active, setActive] = useState<RoutePlace | null>(null);
  const [showAll, setShowAll] = useState(false);
  const p = useGridText('patrol');

  const queued = new Set(queue.visits.map((v) => v.body.placeKey as string));

  const onQueued = async (visit: QueuedVisit) => {
    await enqueueVisit(visit);
    setActive(null);
    if (!queue.online) {
      message.info(p('submittedOffline'));
      return;
    }
    await queue.sync();
    // Said as it turned out: accepted, refused (listed with its reason), or still waiting (no answer, a 5xx).
    const left = (await queuedVisits(user.id)).find((v) => v.clientId === visit.clientId);
    if (!left) message.success(p('submittedOnline'));
    else if (left.error) message.error(p('refusedHint', { reason: bi(left.error) }));
    else message.info(p('submittedOffline'));
  };

  const banner = !queue.online ? (
    <Alert
      className="grid-sync-banner"
      type="warning"
      showIcon
      icon={<DisconnectOutlined />}
      message={`${p('offline')} · ${p('pending', { count: queue.pending.length })}`}
      data-testid="grid-sync-banner"
    />
  ) : queue.pending.length > 0 ? (
    <Alert
      className="grid-sync-banner"
      type="info"
      showIcon
      icon={<CloudSyncOutlined />}
      message={queue.syncing ? p('syncing') : p('pending', { count: queue.pending.length })}
      action={
        <Button size="small" onClick={() => void queue.sync()} loading={queue.syncing}>
          {p('syncNow')}
        </Button>
      }
      data-testid="grid-sync-banner"
    />
  ) : null;

  const refused = queue.refused.length > 0 && (
    <Card size="small" title={p('refused')} style={{ marginBottom: 12 }} data-testid="grid-refused">
      {queue.refused.map((v) => (
        <div key={v.clientId} style={{ marginBottom: 8 }}>
          <Typography.Text strong>{v.placeName}</Typography.Text>
          <Alert type="error" message={p('refusedHint', { reason: bi({ zh: v.error!.zh, en: v.error!.en }) })} />
          <Space style={{ marginTop: 4 }}>
            <Button size="small" onClick={() => void retryVisit(v)}>
              {p('retry')}
            </Button>
            <Popconfirm title={p('discardConfirm')} onConfirm={() => discardVisit(v.clientId)}>
              <Button size="small" danger>
                {p('discard')}
              </Button>
            </Popconfirm>
          </Space>
        </div>
      ))}
    </Card>
  );

  if (active)
    return (
      <div className="grid-patrol">
        {banner}
        <PatrolVisit
          key={active.key}
          place={active}
          userId={user.id}
          radiusM={settings.checkInRadiusM}
          categories={settings.caseCategories}
          onQueued={onQueued}
          onCancel={() => setActive(null)}
        />
      </div>
    );

  const route = data?.route ?? null;
  const places = (route?.places ?? []).filter((place) => showAll || place.due || place.done || queued.has(place.key));
  const status = (place: RoutePlace) =>
    queued.has(place.key) ? (
      <Tag color="processing">{p('queued')}</Tag>
    ) : place.done ? (
      <Tag color="success">{p('done')}</Tag>
    ) : place.due ? (
      <Tag color="warning">{p('due')}</Tag>
    ) : (
      <Tag>{p('notDue')}</Tag>
    );

  return (
    <div className="grid-patrol" data-testid="grid-patrol">
      {banner}
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {p('title')}
        {route && (
          <Typography.Text type="secondary" style={{ fontSize: 14, marginLeft: 8 }}>
            {route.grid.name} · {date}
          </Typography.Text>
        )}
      </Typography.Title>
      {refused}
      {isPending && <Spin className="page-spin" />}
      {error && <Alert type="error" showIcon message={isApiError(error) ? bi(error.bilingual) : t('errors.unexpected')} />}
      {data && !route && <Alert type="warning" showIcon message={p('noRoute')} />}
      {data?.savedAt && (
        <Alert type="info" style={{ marginBottom: 12 }} message={p('cachedAt', { time: dayjs(data.savedAt).format('HH:mm') })} />
      )}
      {route && (
        <>
          <Space style={{ marginBottom: 8 }}>
            <Switch checked={showAll} onChange={setShowAll} aria-label={p('allPlaces', { count: route.places.length })} />
            <Typography.Text>{p('allPlaces', { count: route.places.length })}</Typography.Text>
          </Space>
          {places.length === 0 && <Empty description={p('empty')} />}
          {places.map((place) => (
            <Card key={place.key} size="small" className="grid-place" data-testid="grid-place" data-place-key={place.key}>
              <div className="grid-place-head">
                <div>
                  <Typography.Text strong>{place.name}</Typography.Text>
                  <div>
                    <Space size={4} wrap>
                      <SourceLevelTag level={place.riskLevel} none={t('grid.levelNone')} />
                      <Tag>{t(`grid.placeType.${place.type}`)}</Tag>
                      {status(place)}
                    </Space>
                  </div>
                  {place.address && <Typography.Text type="secondary">{place.address}</Typography.Text>}
                </div>
                <Button
                  type={place.due && !place.done && !queued.has(place.key) ? 'primary' : 'default'}
                  size="large"
                  onClick={() => setActive(place)}
                  data-testid="grid-start"
                >
                  {p('start')}
                </Button>
              </div>
            </Card>
          ))}
        </>
      )}
    </div>
  );
}
