import { SendOutlined } from '@ant-design/icons';
import { api, emergency } from '@citysafe/domain';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Empty, InputNumber, List, Popover, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../app/session';
import { call } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { invalidatePaths, useApiQuery } from '../../shared/query';

type Nearest = api.emergencyResources.NearestResource;
type Kind = emergency.ResourceKind;

/** Kinds that can be sent to an incident from this list (a fire station's engines are dispatched from its tab). */
const dispatchKindOf: Partial<Record<Kind, emergency.DispatchKind>> = { team: 'team', expert: 'expert', supply: 'supply' };

export const distanceText = (m: number) => (m < 1000 ? `${m} m` : `${(m / 1000).toFixed(m < 10_000 ? 2 : 1)} km`);

/**
 * 最近资源: the resources nearest a point (an incident's place), by straight-line distance, with whether each
 * can be sent now; with an incident, each team, expert or supply has a dispatch button (a supply asks the
 * quantity). PLANS' command page shows it beside the incident.
 */
export function ResourceNearest({
  lng,
  lat,
  incidentId,
  limit = 10,
  onDispatched,
}: {
  lng: number;
  lat: number;
  /** The incident to dispatch to; without it, the list only shows. */
  incidentId?: string | null;
  limit?: number;
  onDispatched?: (dispatch: api.emergencyResources.Dispatch) => void;
}) {
  const { t } = useTranslation();
  const bi = useBi();
  const can = useCan();
  const client = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const [kinds, setKinds] = useState<Kind[]>(['team', 'supply', 'shelter', 'expert', 'fire_station']);
  const [sending, setSending] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<number | null>(1);
  const nearest = useApiQuery(
    api.emergencyResources.nearest,
    { query: { lng, lat, kinds: kinds.join(','), limit } },
    { keepPrevious: true, enabled: kinds.length > 0 },
  );

  const dispatch = async (r: Nearest, amount?: number) => {
    const kind = dispatchKindOf[r.kind];
    if (!incidentId || !kind) return;
    setSending(r.id);
    try {
      const sent = await call(api.emergencyResources.createDispatch, {
        body: { incidentId, kind, resourceId: r.id, ...(kind === 'supply' ? { quantity: amount } : {}) },
      });
      message.success(t('emergency.resources.dispatched', { name: sent.resourceName }));
      await invalidatePaths(client, '/api/emergency');
      onDispatched?.(sent);
    } catch (e) {
      showError(e);
    } finally {
      setSending(null);
    }
  };

  const canDispatch = Boolean(incidentId) && can('emergency.command');
  const action = (r: Nearest) => {
    if (!canDispatch || !dispatchKindOf[r.kind]) return null;
    const button = (onClick?: () => void) => (
      <Button
        size="small"
        type="primary"
        icon={<SendOutlined />}
        disabled={!r.available}
        loading={sending === r.id}
        onClick={onClick}
        data-testid="nearest-dispatch"
      >
        {t('emergency.resources.dispatch')}
      </Button>
    );
    if (r.kind !== 'supply') return button(() => void dispatch(r));
    return (
      <Popover
        trigger="click"
        content={
          <Space>
            <InputNumber
              min={0.01}
              max={r.quantity ?? undefined}
              value={quantity}
              onChange={setQuantity}
              addonAfter={r.unit}
              aria-label={t('emergency.resources.quantity')}
              data-testid="nearest-quantity"
            />
            <Button
              type="primary"
              size="small"
              disabled={!quantity}
              onClick={() => void dispatch(r, quantity ?? undefined)}
              data-testid="nearest-send"
            >
              {t('emergency.resources.send')}
            </Button>
          </Space>
        }
      >
        {button()}
      </Popover>
    );
  };

  return (
    <div data-testid="resource-nearest">
      <Checkbox.Group
        value={kinds}
        onChange={(v) => setKinds(v as Kind[])}
        options={emergency.resourceKinds.map((k) => ({ value: k, label: bi(emergency.resourceKindLabels[k]) }))}
        style={{ marginBottom: 8 }}
      />
      {nearest.isLoading ? (
        <Spin />
      ) : (nearest.data?.items.length ?? 0) === 0 ? (
        <Empty description={t('emergency.resources.noneNear')} />
      ) : (
        <List<Nearest>
          size="small"
          dataSource={nearest.data?.items ?? []}
          renderItem={(r) => (
            <List.Item key={`${r.kind}:${r.id}`} actions={[action(r)].filter(Boolean)} data-testid="nearest-item">
              <List.Item.Meta
                title={
                  <Space size={4} wrap>
                    <Tag>{bi(emergency.resourceKindLabels[r.kind])}</Tag>
                    <span data-testid="nearest-name">{r.name}</span>
                    {r.available ? (
                      <Tag color="success">{t('emergency.resources.available')}</Tag>
                    ) : (
                      <Tag color="default">{t('emergency.resources.unavailable')}</Tag>
                    )}
                  </Space>
                }
                description={
                  <Typography.Text type="secondary">
                    <span data-testid="nearest-distance">{distanceText(r.distanceM)}</span>
                    {r.detail ? ` · ${r.detail}` : ''}
                    {r.quantity !== null && r.unit ? ` · ${r.quantity}${r.unit}` : ''}
                    {r.phone ? (
                      <>
                        {' · '}
                        {/* Underlined: inside the line of text a link must not stand out by its colour alone. */}
                        <a href={`tel:${r.phone}`} style={{ textDecoration: 'underline' }}>
                          {r.phone}
                        </a>
                      </>
                    ) : null}
                  </Typography.Text>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
