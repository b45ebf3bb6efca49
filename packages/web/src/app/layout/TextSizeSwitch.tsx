import { FontSizeOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../LocaleProvider';

/** 大字模式 (适老化) on and off, in the top bar where it is found without knowing it exists. */
export function TextSizeSwitch({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const { largeText, changeLargeText } = useLocale();
  return (
    <Button
      type={largeText ? 'primary' : 'text'}
      ghost={largeText}
      icon={<FontSizeOutlined aria-hidden />}
      onClick={() => changeLargeText(!largeText)}
      aria-pressed={largeText}
      aria-label={t('app.largeText')}
      data-testid="large-text-switch"
    >
      {!compact && t('app.largeTextShort')}
    </Button>
  );
}
