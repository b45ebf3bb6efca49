import { AimOutlined, ArrowLeftOutlined, DeleteOutlined } from '@ant-design/icons';
import { type api, grid, hazard } from '@citysafe/domain';
import { Alert, App, Button, Card, Checkbox, Input, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CapturedPhoto, PhotoCapture } from '../hazard/PhotoCapture';
import { SourceLevelTag } from '../risk/SourceLevelTag';
import type { QueuedVisit } from './offline/store';
import { useGridText } from './text';

type Place = api.grid.RoutePlace;
type Result = (typeof api.grid.checklistResults)[number];
type FindingKind = (typeof api.grid.findingKinds)[number];
interface Finding {
  clientId: string;
  kind: FindingKind;
  title: string;
  description: string;
  level: hazard.HazardLevel;
  /** Why a hazard is 重大 (the hazard loop refuses a 重大 hazard without its basis). */
  majorBasis: string;
  /** A case category code of the settings (cases and leads). */
  category: string | undefined;
  withPhotos: boolean;
}
type CheckIn =
  | { state: 'idle' | 'locating' }
  | { state: 'located'; lng: number; lat: number; accuracyM: number | null; at: string }
  | { state: 'failed'; reason: string };

/** Where the phone is, once: high accuracy, a minute-old fix accepted (a member standing at the door). */
function locate(): Promise<GeolocationPosition> {
  return new Promise((resolve, reject) =>
    navigator.geolocation.getCurrentPosition(resolve, reject, { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 }),
  );
}

/**
 * One visit on the phone: check in with the device's position (the distance to the place shown, a far check-in
 * recorded as it is), the place's checklist (正常 / 有问题 / 不适用, a note for a problem), photos from the rear
 * camera, and what was found (上报隐患 / 上报问题 / 移交线索) in a few taps. Nothing needs the network: the visit is
 * handed to the queue with the clientId it got when started, and the queue sends it when it can.
 */
export function PatrolVisit({
  place,
  userId,
  radiusM,
  categories,
  onQueued,
  onCancel,
}: {
  place: Place;
  userId: string;
  radiusM: number;
  categories: { code: string; name: string }[];
  onQueued: (visit: QueuedVisit) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [clientId] = useState(() => crypto.randomUUID());
  const [startedAt] = useState(() => new Date().toISOString());
  const [checkIn, setCheckIn] = useState<CheckIn>({ state: 'idle' });
  const [results, setResults] = useState<Record<string, { result?: Result; note: string }>>({});
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<CapturedPhoto[]>([]);
  const [findings, setFindings] = useState<Finding[]>([]);
  const [saving, setSaving] = useState(false);
  const p = useGridText('patrol');

  const checkInHere = async () => {
    setCheckIn({ state: 'locating' });
    try {
      const { coords } = await locate();
      setCheckIn({
        state: 'located',
        lng: coords.longitude,
        lat: coords.latitude,
        accuracyM: Number.isFinite(coords.accuracy) ? Math.round(coords.accuracy) : null,
        at: new Date().toISOString(),
      });
    } catch (error) {
      setCheckIn({ state: 'failed', reason: error instanceof GeolocationPositionError ? error.message : String(error) });
    }
  };
  const distance =
    checkIn.state === 'located' && place.location
      ? Math.round(grid.distanceM(place.location, { lng: checkIn.lng, lat: checkIn.lat }))
      : null;

  const setResult = (key: string, result: Result) => setResults((r) => ({ ...r, [key]: { note: r[key]?.note ?? '', result } }));
  const setItemNote = (key: string, text: string) => setResults((r) => ({ ...r, [key]: { ...r[key], note: text } }));
  const allOk = () => setResults(Object.fromEntries(place.checklist.map((item) => [item.key, { result: 'ok' as const, note: '' }])));

  // 一般问题 unless the member says otherwise: the first category of the settings is the urgent one.
  const defaultCategory = (categories.find((c) => c.code === 'general') ?? categories[0])?.code;
  const addFinding = (kind: FindingKind) =>
    setFindings((f) => [
      ...f,
      {
        clientId: crypto.randomUUID(),
        kind,
        title: '',
        description: '',
        level: '一般',
        majorBasis: '',
        category: kind === 'hazard' ? undefined : defaultCategory,
        withPhotos: true,
      },
    ]);
  const updateFinding = (clientId: string, change: Partial<Finding>) =>
    setFindings((f) => f.map((x) => (x.clientId === clientId ? { ...x, ...change } : x)));

  const unanswered = place.checklist.filter((item) => !results[item.key]?.result).length;
  const submit = async () => {
    if (unanswered > 0) return message.warning(p('unanswered', { count: unanswered }));
    if (place.checklist.some((item) => results[item.key]?.result === 'problem' && !results[item.key]?.note.trim()))
      return message.warning(p('problemNeedsNote'));
    if (findings.some((f) => f.title.trim().length < 2)) return message.warning(p('findingTitleRequired'));
    if (findings.some((f) => f.kind === 'hazard' && f.level === '重大' && !f.majorBasis.trim()))
      return message.warning(p('majorBasisRequired'));
    setSaving(true);
    try {
      const located = checkIn.state === 'located' ? checkIn : null;
      await onQueued({
        clientId,
        userId,
        queuedAt: Date.now(),
        placeName: place.name,
        body: {
          clientId,
          placeKey: place.key,
          startedAt,
          // Without a position the visit is checked in when it is submitted: the member was there.
          checkedInAt: located?.at ?? new Date().toISOString(),
          location: located && { lng: located.lng, lat: located.lat, accuracyM: located.accuracyM },
          checklist: place.checklist.map((item) => {
            const answer = results[item.key]!;
            return { key: item.key, text: item.text, result: answer.result, ...(answer.note.trim() ? { note: answer.note.trim() } : {}) };
          }),
          ...(note.trim() ? { note: note.trim() } : {}),
          findings: findings.map((f) => ({
            clientId: f.clientId,
            kind: f.kind,
            title: f.title.trim(),
            ...(f.description.trim() ? { description: f.description.trim() } : {}),
            ...(f.kind === 'hazard' ? { level: f.level } : {}),
            ...(f.kind === 'hazard' && f.level === '重大' ? { majorBasis: f.majorBasis.trim() } : {}),
            ...(f.kind !== 'hazard' && f.category ? { category: f.category } : {}),
          })),
        },
        photos: photos.flatMap(({ file }) => (file ? [{ name: file.name, blob: file, fileId: null }] : [])),
        findingsWithPhotos: findings.filter((f) => f.withPhotos).map((f) => f.clientId),
        error: null,
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid="grid-visit">
      <Space align="start" style={{ marginBottom: 12 }}>
        <Button icon={<ArrowLeftOutlined />} aria-label={p('cancel')} onClick={onCancel} />
        <div>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {place.name}
          </Typography.Title>
          <Space size={4} wrap>
            <SourceLevelTag level={place.riskLevel} none={t('grid.levelNone')} />
            <Typography.Text type="secondary">{place.address}</Typography.Text>
          </Space>
        </div>
      </Space>

      <Card size="small" title={p('checkIn')}>
        <Button
          block
          size="large"
          icon={<AimOutlined />}
          loading={checkIn.state === 'locating'}
          onClick={() => void checkInHere()}
          data-testid="grid-checkin"
        >
          {checkIn.state === 'locating' ? p('locating') : p('checkIn')}
        </Button>
        {checkIn.state === 'located' && (
          <div style={{ marginTop: 8 }} data-testid="grid-checkin-result">
            <Typography.Text strong>{distance === null ? p('locatedNoPlace') : p('located', { distance })}</Typography.Text>{' '}
            {checkIn.accuracyM !== null && (
              <Typography.Text type="secondary">{p('accuracy', { accuracy: checkIn.accuracyM })}</Typography.Text>
            )}
            {grid.isFarCheckIn(distance, radiusM) && <Alert type="warning" showIcon message={p('far', { radius: radiusM })} />}
          </div>
        )}
        {checkIn.state === 'failed' && (
          <Alert style={{ marginTop: 8 }} type="warning" showIcon message={p('noLocation', { reason: checkIn.reason })} />
        )}
      </Card>

      <Card
        size="small"
        title={p('checklist')}
        style={{ marginTop: 12 }}
        extra={
          place.checklist.length > 0 && (
            <Button size="small" onClick={allOk} data-testid="grid-all-ok">
              {p('allOk')}
            </Button>
          )
        }
      >
        {place.checklist.length === 0 && <Typography.Text type="secondary">{p('noChecklist')}</Typography.Text>}
        {place.checklist.map((item) => (
          <div key={item.key} className="grid-check-item" data-testid="grid-check-item">
            <Typography.Text>{item.text}</Typography.Text>
            {item.basis && (
              <div>
                <Typography.Text type="secondary">{item.basis}</Typography.Text>
              </div>
            )}
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              value={results[item.key]?.result}
              onChange={(e) => setResult(item.key, e.target.value as Result)}
              aria-label={item.text}
              options={(['ok', 'problem', 'na'] as const).map((r) => ({ value: r, label: p(r) }))}
            />
            {results[item.key]?.result === 'problem' && (
              <Input.TextArea
                style={{ marginTop: 6 }}
                rows={2}
                maxLength={2000}
                placeholder={p('itemNote')}
                aria-label={p('itemNote')}
                value={results[item.key]?.note}
                onChange={(e) => setItemNote(item.key, e.target.value)}
              />
            )}
          </div>
        ))}
      </Card>

      <Card size="small" title={p('photos')} style={{ marginTop: 12 }}>
        <PhotoCapture value={photos} onChange={setPhotos} deferUpload testId="grid-photos" />
      </Card>

      <Card size="small" title={p('findings')} style={{ marginTop: 12 }}>
        <div className="grid-finding-buttons">
          <Button danger onClick={() => addFinding('hazard')} data-testid="grid-add-hazard">
            {p('addHazard')}
          </Button>
          <Button onClick={() => addFinding('case')} data-testid="grid-add-case">
            {p('addCase')}
          </Button>
          <Button
            onClick={() => addFinding('lead')}
            disabled={place.type !== 'enterprise'}
            title={place.type === 'enterprise' ? undefined : p('leadOnlyEnterprise')}
            data-testid="grid-add-lead"
          >
            {p('addLead')}
          </Button>
        </div>
        {findings.some((f) => f.kind === 'lead') && <Alert style={{ marginTop: 8 }} type="info" message={p('leadNote')} />}
        {findings.map((f) => (
          <Card
            key={f.clientId}
            size="small"
            type="inner"
            className="grid-finding"
            style={{ marginTop: 8 }}
            title={p(`kind.${f.kind}`)}
            extra={
              <Button
                type="text"
                icon={<DeleteOutlined />}
                aria-label={p('removeFinding')}
                onClick={() => setFindings((all) => all.filter((x) => x.clientId !== f.clientId))}
              />
            }
            data-testid="grid-finding"
          >
            <Space direction="vertical" style={{ width: '100%' }}>
              <Input
                placeholder={p('findingTitle')}
                aria-label={p('findingTitle')}
                maxLength={200}
                value={f.title}
                onChange={(e) => updateFinding(f.clientId, { title: e.target.value })}
                data-testid="grid-finding-title"
              />
              <Input.TextArea
                rows={2}
                maxLength={4000}
                placeholder={p('findingDescription')}
                aria-label={p('findingDescription')}
                value={f.description}
                onChange={(e) => updateFinding(f.clientId, { description: e.target.value })}
              />
              {f.kind === 'hazard' && (
                <Select
                  aria-label={p('findingLevel')}
                  value={f.level}
                  onChange={(level) => updateFinding(f.clientId, { level })}
                  options={hazard.hazardLevels.map((level) => ({ value: level, label: p(`hazardLevel.${level}`) }))}
                  style={{ width: '100%' }}
                />
              )}
              {f.kind === 'hazard' && f.level === '重大' && (
                <Input.TextArea
                  rows={2}
                  maxLength={2000}
                  placeholder={p('majorBasis')}
                  aria-label={p('majorBasis')}
                  value={f.majorBasis}
                  onChange={(e) => updateFinding(f.clientId, { majorBasis: e.target.value })}
                />
              )}
              {f.kind !== 'hazard' && categories.length > 0 && (
                <Select
                  aria-label={p('findingCategory')}
                  value={f.category}
                  onChange={(category) => updateFinding(f.clientId, { category })}
                  options={categories.map((c) => ({ value: c.code, label: c.name }))}
                  style={{ width: '100%' }}
                  data-testid="grid-finding-category"
                />
              )}
              {photos.length > 0 && (
                <Checkbox checked={f.withPhotos} onChange={(e) => updateFinding(f.clientId, { withPhotos: e.target.checked })}>
                  {p('withPhotos')}
                </Checkbox>
              )}
            </Space>
          </Card>
        ))}
      </Card>

      <Input.TextArea
        style={{ marginTop: 12 }}
        rows={3}
        maxLength={4000}
        placeholder={p('note')}
        aria-label={p('note')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <Button
        type="primary"
        block
        size="large"
        className="grid-submit"
        loading={saving}
        onClick={() => void submit()}
        data-testid="grid-submit"
      >
        {p('submit')}
      </Button>
    </div>
  );
}
