import { type FieldError, api } from '@citysafe/domain';
import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, buildPath } from '../../shared/api';
import { postFile } from '../../shared/files/files';
import { useShowError } from '../../shared/forms';

/**
 * 导入评分细则: posts an xlsx and keeps the rows the server refused, so the page can list them
 * next to the sheet's columns (a refusal without row errors is shown as a message).
 */
export function useScoringImport(campaignId: string, onImported: () => Promise<void>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useShowError();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [importing, setImporting] = useState(false);

  const importFile = async (file: File) => {
    setImporting(true);
    setErrors([]);
    try {
      api.campaignScoring.scoring.parse(await postFile(buildPath(api.campaignScoring.importScoring.path, { id: campaignId }), file));
      message.success(t('campaign.scoring.imported'));
      await onImported();
    } catch (e) {
      if (e instanceof ApiError && e.fields.length > 0) setErrors(e.fields);
      else showError(e);
    } finally {
      setImporting(false);
    }
  };

  return { importFile, importing, errors, clearErrors: () => setErrors([]) };
}
