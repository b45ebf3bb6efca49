import { AimOutlined, CameraOutlined, CloseOutlined, EnvironmentOutlined, LoadingOutlined, ReloadOutlined } from '@ant-design/icons';
import { api, report } from '@citysafe/domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Radio, Result, Space, Typography } from 'antd';
import type { FeatureCollection } from 'geojson';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../../shared/api';
import { postFile } from '../../shared/files/files';
import { useShowError, useZodRule } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { MapView } from '../../shared/MapView';
import { apiKey } from '../../shared/query';
import { PublicReportFrame } from './PublicReportFrame';
import './PublicReport.css';

type Place = { lng: number; lat: number };

/** A photo picked: its preview at once, its id and EXIF place once uploaded. */
interface Photo {
  key: string;
  preview: string;
  fileId?: string;
  exif?: Place | null;
}

interface Values {
  category: string;
  description: string;
  reportedOrgName?: string;
  address?: string;
  anonymous: boolean;
  name?: string;
  phone?: string;
  idNumber?: string;
  answer: string;
}

const fields = api.report.reportInput.shape;
const reporterFields = api.report.reporterInput.shape;
const blank = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
const fixed = (p: Place) => ({ lng: p.lng.toFixed(5), lat: p.lat.toFixed(5) });

type Located = { state: 'idle' | 'locating' } | { state: 'failed'; reason: string };

/**
 * 我要举报: the public page, phone first and without login. What (the category as large choices), the description,
 * photos from the camera (a photo's EXIF place is offered, never taken without asking), the place (tap the map, the
 * device's location, or an address), real-name or anonymous, the offline check question; afterwards the tracking code
 * and the secret, shown once, with copy buttons.
 */
export default function PublicReportPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const showError = useShowError();
  const zodRule = useZodRule();
  const [form] = Form.useForm<Values>();
  const anonymous = Form.useWatch('anonymous', form);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [place, setPlace] = useState<Place | null>(null);
  const [declinedExif, setDeclinedExif] = useState<Set<string>>(() => new Set());
  const [located, setLocated] = useState<Located>({ state: 'idle' });
  const [done, setDone] = useState<{ code: string; secret: string } | null>(null);
  const inputId = useId();
  const current = useRef<Photo[]>([]);
  current.current = photos;

  const categories = useQuery({ queryKey: apiKey(api.report.listCategories), queryFn: () => call(api.report.listCategories) });
  const challenge = useQuery({
    queryKey: apiKey(api.report.getChallenge),
    queryFn: () => call(api.report.getChallenge),
    staleTime: Infinity,
  });
  // Object URLs of the previews are released when the page goes away.
  useEffect(() => () => current.current.forEach((p) => URL.revokeObjectURL(p.preview)), []);

  const addPhotos = (files: FileList | null) => {
    for (const file of Array.from(files ?? []).slice(0, report.reportPhotoLimit - current.current.length)) {
      const key = `${file.name}-${file.size}-${Math.random()}`;
      const photo: Photo = { key, preview: URL.createObjectURL(file) };
      current.current = [...current.current, photo];
      setPhotos(current.current);
      postFile(api.report.uploadPhoto.path, file)
        .then((body) => {
          const uploaded = api.report.uploadedPhoto.parse(body);
          current.current = current.current.map((p) => (p.key === key ? { ...p, fileId: uploaded.fileId, exif: uploaded.exif } : p));
          setPhotos(current.current);
        })
        .catch((error: unknown) => {
          showError(error);
          current.current = current.current.filter((p) => p.key !== key);
          setPhotos(current.current);
        });
    }
  };
  const removePhoto = (key: string) => {
    current.current = current.current.filter((p) => p.key !== key);
    setPhotos(current.current);
  };
  // The first photo with a place the person has neither used nor declined, while no place is chosen.
  const offered = place ? undefined : photos.find((p) => p.exif && !declinedExif.has(p.key));

  const locate = () => {
    if (!('geolocation' in navigator)) return setLocated({ state: 'failed', reason: t('hazard.hazards.report.locateUnsupported') });
    setLocated({ state: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setPlace({ lng: position.coords.longitude, lat: position.coords.latitude });
        setLocated({ state: 'idle' });
      },
      (error) => setLocated({ state: 'failed', reason: error.message }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const features = useMemo<FeatureCollection>(
    () => ({
      type: 'FeatureCollection',
      features: place
        ? [
            {
              type: 'Feature',
              geometry: { type: 'Point', coordinates: [place.lng, place.lat] },
              properties: { color: '#d4380d', radius: 8 },
            },
          ]
        : [],
    }),
    [place],
  );

  const submit = useMutation({
    mutationFn: (v: Values) => {
      const body: api.report.ReportInput = {
        category: v.category,
        description: v.description.trim(),
        reportedOrgName: blank(v.reportedOrgName),
        address: blank(v.address),
        ...(place ?? {}),
        anonymous: v.anonymous,
        reporter: v.anonymous ? null : { name: v.name!.trim(), phone: blank(v.phone), idNumber: blank(v.idNumber) },
        photoIds: photos.flatMap((p) => (p.fileId ? [p.fileId] : [])),
      };
      return call(api.report.submitReport, { body: { ...body, challenge: { token: challenge.data!.token, answer: v.answer } } });
    },
    onSuccess: (created) => setDone(created),
    onError: (error) => {
      showError(error, form);
      // A challenge is good for one try: a new question whatever went wrong.
      form.setFieldValue('answer', '');
      void challenge.refetch();
    },
  });

  if (done)
    return (
      <PublicReportFrame title={t('report.intake.title')}>
        <Result
          status="success"
          title={t('report.intake.submitted')}
          subTitle={t('report.intake.keepSecret')}
          extra={[
            <Link key="track" to={`/public/report/track?code=${encodeURIComponent(done.code)}`}>
              <Button type="primary" size="large">
                {t('report.intake.trackNow')}
              </Button>
            </Link>,
          ]}
        />
        <dl className="public-report-receipt" data-testid="report-receipt">
          <div>
            <dt>{t('report.intake.codeLabel')}</dt>
            <dd>
              <Typography.Text copyable code data-testid="report-code">
                {done.code}
              </Typography.Text>
            </dd>
          </div>
          <div>
            <dt>{t('report.intake.secretLabel')}</dt>
            <dd>
              <Typography.Text copyable code data-testid="report-secret">
                {done.secret}
              </Typography.Text>
            </dd>
          </div>
        </dl>
      </PublicReportFrame>
    );

  const uploading = photos.some((p) => !p.fileId);
  return (
    <PublicReportFrame title={t('report.intake.title')} intro={t('report.intake.intro')}>
      <Form<Values>
        form={form}
        layout="vertical"
        size="large"
        initialValues={{ anonymous: false }}
        onFinish={(v) => submit.mutate(v)}
        className="public-report-form"
        requiredMark={false}
      >
        <section className="public-report-card">
          <Form.Item
            name="category"
            label={t('report.intake.category')}
            rules={[{ required: true, message: t('report.intake.categoryRequired') }]}
          >
            <Radio.Group className="public-report-categories" data-testid="report-category">
              {(categories.data?.items ?? []).map((c) => (
                <Radio.Button key={c.code} value={c.code}>
                  {bi(c.name)}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="description"
            label={t('report.intake.description')}
            rules={[{ required: true, message: t('report.intake.descriptionRequired') }, zodRule(fields.description)]}
          >
            <Input.TextArea
              rows={5}
              maxLength={4000}
              showCount
              placeholder={t('report.intake.descriptionPlaceholder')}
              data-testid="report-description"
            />
          </Form.Item>
          <Form.Item name="reportedOrgName" label={t('report.intake.reportedOrg')} rules={[zodRule(fields.reportedOrgName)]}>
            <Input maxLength={100} placeholder={t('report.intake.reportedOrgPlaceholder')} />
          </Form.Item>
        </section>

        <section className="public-report-card" aria-labelledby={`${inputId}-photos`}>
          <h2 id={`${inputId}-photos`}>{t('report.intake.photos')}</h2>
          <div className="public-report-photos">
            {photos.map((p, index) => (
              <div key={p.key} className="public-report-photo" data-testid="report-photo" data-uploaded={p.fileId ? 'true' : 'false'}>
                <img src={p.preview} alt={t('report.intake.photoAlt', { index: index + 1 })} />
                {!p.fileId && (
                  <span className="public-report-photo-busy" role="status">
                    <LoadingOutlined /> {t('report.intake.uploading')}
                  </span>
                )}
                <Button
                  className="public-report-photo-remove"
                  shape="circle"
                  size="small"
                  icon={<CloseOutlined />}
                  aria-label={t('report.intake.removePhoto', { index: index + 1 })}
                  onClick={() => removePhoto(p.key)}
                />
              </div>
            ))}
            {photos.length < report.reportPhotoLimit && (
              <label className="public-report-photo-add" htmlFor={inputId}>
                <CameraOutlined aria-hidden />
                <span>{t('report.intake.addPhoto')}</span>
                <input
                  id={inputId}
                  type="file"
                  accept={report.reportPhotoTypes.join(',')}
                  capture="environment"
                  multiple
                  data-testid="report-photo-input"
                  onChange={(e) => {
                    addPhotos(e.target.files);
                    e.target.value = '';
                  }}
                />
              </label>
            )}
          </div>
        </section>

        <section className="public-report-card" aria-labelledby={`${inputId}-where`}>
          <h2 id={`${inputId}-where`}>{t('report.intake.where')}</h2>
          <Typography.Paragraph type="secondary">{t('report.intake.whereHint')}</Typography.Paragraph>
          {offered?.exif && (
            <Alert
              className="public-report-row"
              type="info"
              showIcon
              icon={<EnvironmentOutlined />}
              data-testid="report-exif-offer"
              title={t('report.intake.exifOffer', fixed(offered.exif))}
              action={
                <Space direction="vertical">
                  <Button size="small" type="primary" onClick={() => setPlace(offered.exif!)} data-testid="report-use-exif">
                    {t('report.intake.useExif')}
                  </Button>
                  <Button size="small" onClick={() => setDeclinedExif(new Set([...declinedExif, offered.key]))}>
                    {t('common.cancel')}
                  </Button>
                </Space>
              }
            />
          )}
          <Button block icon={<AimOutlined />} loading={located.state === 'locating'} onClick={locate} className="public-report-row">
            {located.state === 'locating' ? t('report.intake.locating') : t('report.intake.locate')}
          </Button>
          {located.state === 'failed' && (
            <Alert
              className="public-report-row"
              type="warning"
              showIcon
              title={t('report.intake.locateFailed', { reason: located.reason })}
            />
          )}
          <div className="public-report-row">
            <MapView
              height={240}
              districtLayers={false}
              features={features}
              drawing
              ariaLabel={t('report.intake.map')}
              onMapClick={([lng, lat]) => setPlace({ lng, lat })}
            />
          </div>
          {place && (
            <Typography.Paragraph className="public-report-row" type="success" data-testid="report-place" role="status">
              {t('report.intake.pointChosen', fixed(place))}{' '}
              <Button type="link" size="small" onClick={() => setPlace(null)}>
                {t('report.intake.clearPoint')}
              </Button>
            </Typography.Paragraph>
          )}
          <Form.Item
            name="address"
            label={t('report.intake.address')}
            rules={[
              zodRule(fields.address),
              {
                validator: async (_r, v?: string) =>
                  place || v?.trim() ? undefined : Promise.reject(new Error(t('report.intake.whereHint'))),
              },
            ]}
          >
            <Input maxLength={200} placeholder={t('report.intake.addressPlaceholder')} data-testid="report-address" />
          </Form.Item>
        </section>

        <section className="public-report-card">
          <Form.Item name="anonymous" label={t('report.intake.identity')}>
            <Radio.Group optionType="button" buttonStyle="solid" data-testid="report-anonymous">
              <Radio.Button value={false}>{t('report.intake.realName')}</Radio.Button>
              <Radio.Button value={true}>{t('report.intake.anonymous')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Typography.Paragraph type="secondary">{t('report.intake.identityHint')}</Typography.Paragraph>
          {anonymous === false && (
            <>
              <Form.Item
                name="name"
                label={t('report.intake.name')}
                rules={[{ required: true, message: t('report.intake.nameRequired') }, zodRule(reporterFields.name)]}
              >
                <Input maxLength={50} autoComplete="name" data-testid="report-name" />
              </Form.Item>
              <Form.Item name="phone" label={t('report.intake.phone')} rules={[zodRule(reporterFields.phone)]}>
                <Input maxLength={20} inputMode="tel" autoComplete="tel" />
              </Form.Item>
              <Form.Item name="idNumber" label={t('report.intake.idNumber')} rules={[zodRule(reporterFields.idNumber)]}>
                <Input maxLength={18} />
              </Form.Item>
            </>
          )}
        </section>

        <section className="public-report-card">
          <Form.Item
            name="answer"
            label={challenge.data ? `${t('report.intake.challenge')}：${bi(challenge.data.question)}` : t('report.intake.challenge')}
            rules={[{ required: true, message: t('report.intake.answerRequired') }]}
            extra={
              <Button type="link" size="small" icon={<ReloadOutlined />} onClick={() => void challenge.refetch()}>
                {t('report.intake.newChallenge')}
              </Button>
            }
          >
            <Input inputMode="numeric" maxLength={10} data-testid="report-answer" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={submit.isPending}
            disabled={uploading || !challenge.data}
            data-testid="report-submit"
          >
            {uploading ? t('report.intake.uploading') : t('report.intake.submit')}
          </Button>
        </section>
      </Form>
      <footer className="public-report-links">
        <Link to="/public/report/track">{t('report.intake.goTrack')}</Link>
        {' · '}
        <Link to="/public/report/rewards">{t('report.intake.goRewards')}</Link>
      </footer>
    </PublicReportFrame>
  );
}
