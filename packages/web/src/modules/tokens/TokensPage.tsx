import { PlusOutlined } from '@ant-design/icons';
import { type Action, actions as actionNames, api } from '@citysafe/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { call } from '../../shared/api';
import { useShowError } from '../../shared/forms';
import { useFormatTime } from '../../shared/format';
import { useBi } from '../../shared/locale';
import { PageHeader } from '../../shared/PageHeader';
import { PagedTable } from '../../shared/list/PagedTable';
import { usePagedList } from '../../shared/list/usePagedList';
import { invalidatePaths } from '../../shared/query';
import { TokenFormModal } from './TokenFormModal';

type Token = z.output<typeof api.apiToken>;

const isAction = (code: string): code is Action => Object.hasOwn(actionNames, code);

/** 接口令牌: Bearer tokens the caller made for other systems; a token can be revoked, not shown again. */
export default function TokensPage() {
  const { t } = useTranslation();
  const bi = useBi();
  const time = useFormatTime();
  const { message } = App.useApp();
  const client = useQueryClient();
  const showError = useShowError();
  const [creating, setCreating] = useState(false);
  const list = usePagedList(api.listTokens);

  const revoke = useMutation({
    mutationFn: (id: string) => call(api.revokeToken, { params: { id } }),
    onSuccess: async () => {
      message.success(t('tokens.revoked'));
      await invalidatePaths(client, api.listTokens.path);
    },
    onError: (e) => showError(e),
  });

  const state = (token: Token) => {
    if (token.revokedAt) return <Tag>{t('tokens.stateRevoked')}</Tag>;
    if (token.expiresAt && new Date(token.expiresAt) < new Date()) return <Tag color="orange">{t('tokens.stateExpired')}</Tag>;
    return <Tag color="green">{t('tokens.stateActive')}</Tag>;
  };

  const columns: TableColumnsType<Token> = [
    { title: t('tokens.name'), dataIndex: 'name' },
    { title: t('tokens.prefix'), dataIndex: 'prefix', render: (p: string) => <Typography.Text code>{p}…</Typography.Text> },
    {
      title: t('tokens.actions'),
      dataIndex: 'actions',
      responsive: ['md'],
      render: (codes: string[]) => codes.map((c) => <Tag key={c}>{isAction(c) ? bi(actionNames[c]) : c}</Tag>),
    },
    { title: t('common.status'), key: 'state', render: (_, token) => state(token) },
    {
      title: t('tokens.expiresAt'),
      dataIndex: 'expiresAt',
      render: (v: string | null) => (v ? time(v) : t('tokens.never')),
      responsive: ['lg'],
    },
    { title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', render: time, responsive: ['lg'] },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: time, responsive: ['xl'] },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, token) =>
        !token.revokedAt && (
          <Popconfirm
            title={t('tokens.revokeConfirm', { name: token.name })}
            description={t('tokens.revokeHelp')}
            okText={t('tokens.revoke')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => revoke.mutateAsync(token.id).catch(() => undefined)}
          >
            <Button type="link" size="small" danger>
              {t('tokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('tokens.menu')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('tokens.create')}
          </Button>
        }
      />
      <Card size="small">
        <Typography.Paragraph type="secondary">{t('tokens.intro')}</Typography.Paragraph>
        <Typography.Paragraph type="secondary" data-testid="tokens-lifetime">
          {t('tokens.lifetime')}
        </Typography.Paragraph>
        <PagedTable<Token> list={list} columns={columns} testId="token-table" />
      </Card>
      {creating && <TokenFormModal onClose={() => setCreating(false)} />}
    </>
  );
}
