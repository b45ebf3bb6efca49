import { GlobalOutlined } from '@ant-design/icons';
import { api } from '@citysafe/domain';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../shared/api';
import type { Locale } from '../../shared/locale';
import { useLocale } from '../LocaleProvider';
import { type SessionUser, sessionKey, useSession } from '../session';

/** Switches between 中文 and English; a logged-in user's choice is also saved on the server. */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { locale, changeLocale } = useLocale();
  const { data: user } = useSession();
  const client = useQueryClient();
  const next: Locale = locale === 'zh-CN' ? 'en-US' : 'zh-CN';

  const onClick = () => {
    changeLocale(next);
    if (!user) return;
    client.setQueryData<SessionUser | null>(sessionKey, (u) => u && { ...u, locale: next });
    // The switch already happened on screen; failing to remember it on the server is not worth an error.
    call(api.setLocale, { body: { locale: next } }).catch(() => undefined);
  };

  return (
    <Button type="text" icon={<GlobalOutlined />} onClick={onClick} aria-label={t('app.switchLanguage')} data-testid="language-switch">
      {compact ? t('app.otherLanguageShort') : t('app.otherLanguage')}
    </Button>
  );
}
