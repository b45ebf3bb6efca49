import { App, type FormInstance, type FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ApiError } from './api';
import { pickText } from './locale';

const isEmpty = (value: unknown): boolean =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * Form rules from the contract's zod schemas, so a form refuses what the server would refuse with
 * the same message. Emptiness is left to antd's `required`, which says which field is missing.
 */
export function useZodRule(): (schema: z.ZodType) => FormRule {
  const { i18n } = useTranslation();
  return (schema) => ({
    validator: async (_rule, value: unknown) => {
      if (isEmpty(value)) return;
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(pickText(result.error.issues[0]?.message ?? '', i18n.language));
    },
  });
}

/**
 * The rule of a required field of a workflow action's input (a reason, a 督办 answer): empty or
 * blank gets the form's own `required` message, anything else the input schema's message for the
 * field. One rule, so the person sees one message at a time, never zod's technical "expected
 * string, received undefined" next to "请填写…".
 */
export function useActionInputRule(): (input: z.ZodType | undefined, field: string, required: string) => FormRule {
  const { i18n } = useTranslation();
  return (input, field, required) => ({
    required: true,
    validator: async (_rule, value: unknown) => {
      if (isEmpty(value) || (typeof value === 'string' && value.trim() === '')) throw new Error(required);
      const issue = input?.safeParse({ [field]: value }).error?.issues.find((i) => i.path[0] === field);
      if (issue) throw new Error(pickText(issue.message, i18n.language));
    },
  });
}

/** `a.b.0` → ['a', 'b', 0], the name path antd uses. */
const namePath = (field: string): (string | number)[] => field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));

/**
 * Shows a failed call: the server's field errors on the matching form items, and the message
 * (with any field errors the form has no item for) as a toast. When every field error is shown on
 * the form, the form says it all: a toast as well would say the same thing twice.
 */
export function useShowError(): (error: unknown, form?: FormInstance) => void {
  const { message } = App.useApp();
  const { t, i18n } = useTranslation();
  return (error, form) => {
    if (!(error instanceof ApiError)) {
      message.error(t('errors.unexpected'));
      return;
    }
    const known = form ? Object.keys(form.getFieldsValue()) : [];
    const onForm = error.fields.filter((f) => known.includes(String(namePath(f.field)[0])));
    const elsewhere = error.fields.filter((f) => !onForm.includes(f));
    form?.setFields(onForm.map((f) => ({ name: namePath(f.field), errors: [pickText(f.message, i18n.language)] })));
    if (onForm.length > 0 && elsewhere.length === 0) return;
    const detail = elsewhere.map((f) => `${f.field}: ${pickText(f.message, i18n.language)}`).join('；');
    message.error([pickText(error.bilingual, i18n.language), detail].filter(Boolean).join(' — '));
  };
}
