import { SoundOutlined } from '@ant-design/icons';
import { api, monitoring } from '@citysafe/domain';
import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Col, Empty, Row, Space, Spin, Typography } from 'antd';
import type { FeatureCollection, MultiPoint } from 'geojson';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useFormatTime } from '../../shared/format';
import { useBi } from '../../shared/locale';
import { MapLegend } from '../../shared/map/MapLegend';
import { MapView } from '../../shared/MapView';
import { PageHeader } from '../../shared/PageHeader';
import { invalidatePaths, useApiQuery } from '../../shared/query';
import { AlarmChart } from './AlarmChart';
import { AlarmLevelTag, AlarmStatusTag, deviceStateHex, useAlarmText } from './alarmLabels';
import './alarms.css';

type Alarm = api.monitoringAlarms.Alarm;

/** The kinds of notification a new alarm comes as (`monitoring.alarm.<level>`); escalations and reminders are not new. */
const newAlarmKind = /^monitoring\.alarm\.(red|orange|yellow|blue)$/;

/**
 * A short two-tone beep made by WebAudio (no sound file to download): the 态势 desk hears a new red or orange alarm.
 * Browsers let a page sound only after a person has interacted with it, hence the sound button.
 */
function beep(context: AudioContext, level: monitoring.AlarmLevel): void {
  const tones = level === 'red' ? [880, 660, 880, 660] : [660, 520];
  tones.forEach((frequency, i) => {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'square';
    oscillator.frequency.value = frequency;
    const start = context.currentTime + i * 0.18;
    gain.gain.setValueAtTime(0.08, start);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.16);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.17);
  });
}

/**
 * 监测态势: the devices on the district map coloured by state, the open alarms updated live from the notifications
 * stream (a new red or orange alarm sounds and flashes), and the chosen alarm's readings around its time.
 */
export default function SituationPage() {
  const bi = useBi();
  const m = useAlarmText();
  const time = useFormatTime();
  const client = useQueryClient();
  const devices = useApiQuery(api.monitoringDevices.geojson, { query: {} }, { keepPrevious: true });
  const alarms = useApiQuery(
    api.monitoringAlarms.listAlarms,
    { query: { open: 'true', sort: '-lastRaisedAt', page: 1, pageSize: 50 } },
    { keepPrevious: true },
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const [sound, setSound] = useState(false);
  const audio = useRef<AudioContext | null>(null);
  const soundOn = useRef(false);
  soundOn.current = sound;

  useEffect(() => {
    const source = new EventSource(api.notificationStream.path, { withCredentials: true });
    const onNotification = (event: MessageEvent<string>) => {
      let parsed: api.Notification | undefined;
      try {
        parsed = api.notification.safeParse(JSON.parse(event.data)).data;
      } catch {
        return;
      }
      if (!parsed?.kind.startsWith('monitoring.alarm')) return;
      // Any news of an alarm (new, escalated, dispatched) changes the list and the devices' states.
      void invalidatePaths(client, api.monitoringAlarms.listAlarms.path, api.monitoringDevices.geojson.path);
      const level = newAlarmKind.exec(parsed.kind)?.[1] as monitoring.AlarmLevel | undefined;
      const id = parsed.link?.split('/').pop();
      if (!level || !id) return;
      setFresh((s) => new Set(s).add(id));
      if (soundOn.current && audio.current && monitoring.soundingLevels.includes(level)) beep(audio.current, level);
    };
    source.addEventListener('notification', onNotification);
    return () => source.close();
  }, [client]);

  const toggleSound = () => {
    if (!audio.current) audio.current = new AudioContext();
    void audio.current.resume();
    setSound((on) => !on);
  };

  const items = alarms.data?.items ?? [];
  const shown: Alarm | undefined = items.find((a) => a.id === chosen) ?? items[0];
  const features: FeatureCollection = {
    type: 'FeatureCollection',
    features: (devices.data?.features ?? []).map((f) => ({
      type: 'Feature',
      geometry: f.geometry,
      properties: {
        label: f.properties.name,
        color: deviceStateHex[f.properties.state as monitoring.DeviceState] ?? deviceStateHex.normal,
        radius: f.properties.state === 'alarm' ? 10 : 6,
      },
    })),
  };

  // The map opens on the devices (the district when there are none).
  const extent: MultiPoint | null = features.features.length
    ? { type: 'MultiPoint', coordinates: (devices.data?.features ?? []).map((f) => f.geometry.coordinates) }
    : null;

  return (
    <>
      <PageHeader
        title={m('situationTitle')}
        extra={
          <Button
            icon={<SoundOutlined />}
            type={sound ? 'primary' : 'default'}
            onClick={toggleSound}
            data-testid="situation-sound"
            aria-pressed={sound}
          >
            {sound ? m('soundOn') : m('soundEnable')}
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={m('devicesMap')}>
            <div data-testid="situation-map">
              {devices.data ? (
                <MapView features={features} initialView={extent} height={420} ariaLabel={m('devicesMap')}>
                  <MapLegend
                    title={m('deviceStates')}
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
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card
            size="small"
            title={
              <Space>
                {m('live')}
                <Badge count={items.length} overflowCount={49} showZero color="#cf1322" title={m('openCount', { n: items.length })} />
              </Space>
            }
          >
            <Typography.Paragraph type="secondary">{m('liveHelp')}</Typography.Paragraph>
            {items.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m('noOpen')} />
            ) : (
              <ul
                className="alarm-live-list"
                data-testid="situation-alarms"
                aria-live="polite"
                style={{ listStyle: 'none', margin: 0, padding: 0 }}
              >
                {items.map((a) => (
                  <li key={a.id}>
                    <div
                      role="button"
                      tabIndex={0}
                      aria-current={shown?.id === a.id}
                      className={`alarm-live-item${fresh.has(a.id) ? ' alarm-live-new' : ''}`}
                      onClick={() => setChosen(a.id)}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter' || e.key === ' ') setChosen(a.id);
                      }}
                      data-testid="situation-alarm"
                      data-code={a.code}
                    >
                      <Space wrap size={4}>
                        <AlarmLevelTag level={a.level} />
                        <AlarmStatusTag status={a.status} />
                        {fresh.has(a.id) && <Badge status="processing" text={m('newAlarm')} />}
                        <Typography.Text strong>{a.deviceName}</Typography.Text>
                      </Space>
                      <div>
                        <Typography.Text type="secondary">
                          {a.code} · {a.lastValue}
                          {a.unit ? ` ${a.unit}` : ''} · ×{a.count} · {time(a.lastRaisedAt)}
                        </Typography.Text>
                      </div>
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </Col>
        <Col xs={24}>
          <Card
            size="small"
            title={shown ? `${m('chart')}：${shown.code} ${shown.deviceName}` : m('chart')}
            extra={
              shown && (
                <Link to={`/monitoring/alarms/${shown.id}`} data-testid="situation-open-alarm">
                  {m('openAlarm')}
                </Link>
              )
            }
          >
            {shown ? (
              <AlarmChart alarm={shown} height={240} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={m('pickAlarm')} />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
