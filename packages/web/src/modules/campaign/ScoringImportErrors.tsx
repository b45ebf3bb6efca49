import type { FieldError } from '@citysafe/domain';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { pickText } from '../../shared/locale';

/** Import errors name Excel rows: `rows.5.fullScore`. */
const rowError = /^rows\.(\d+)\.(\w+)$/;

/** Why an imported 评分细则 was refused, row by row, in the words of the sheet's columns. */
export function ScoringImportErrors({ fields, onClose }: { fields: FieldError[]; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const column = (field: string) => t(`campaign.scoring.columns.${field as 'code'}`, { defaultValue: field });
  return (
    <Alert
      type="error"
      showIcon
      className="campaign-note"
      closable={{ onClose }}
      title={t('campaign.scoring.importFailed', { count: fields.length })}
      data-testid="scoring-import-errors"
      description={
        <ul className="campaign-flags">
          {fields.map((f, i) => {
            const m = rowError.exec(f.field);
            return (
              <li key={`${f.field}-${i}`}>
                {m ? t('campaign.scoring.rowField', { row: m[1], field: column(m[2]!) }) : f.field}：{pickText(f.message, i18n.language)}
              </li>
            );
          })}
        </ul>
      }
    />
  );
}
