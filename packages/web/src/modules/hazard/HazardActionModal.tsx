import { type api, hazard } from '@citysafe/domain';
import { useMutation } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, Modal, Radio, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useUser } from '../../app/session';
import { useActionInputRule, useShowError } from '../../shared/forms';
import { useBi } from '../../shared/locale';
import { OrgTreeSelect } from '../../shared/orgs';
import { useHazardLabels } from './hazardLabels';
import { type CapturedPhoto, PhotoCapture, photoIds, photosUploading } from './PhotoCapture';

/** The workflow actions a caller takes from a hazard's page (the plan has its own form). */
export type HazardAction = Exclude<api.hazard.Hazard['allowedActions'][number], 'savePlan'>;

/** The fields an action of the hazard workflow may take, in the order the form shows them. */
const fieldOrder = [
  'supervisingOrgId',
  'supervisingBody',
  'responsibleLeader',
  'deadline',
  'stopWork',
  'publicNotice',
  'assessor',
  'conclusion',
  'photoIds',
  'note',
  'majorBasis',
  'reason',
] as const;
type Field = (typeof fieldOrder)[number];

/** The field names an action's input declares (its zod object's keys). */
function declaredFields(input: z.ZodType | undefined): Field[] {
  const shape = (input as { shape?: Record<string, unknown> } | undefined)?.shape;
  if (!shape) return [];
  return fieldOrder.filter((f) => f in shape);
}

/** Whether the input refuses a body without this field: a required field. */
const requiredIn = (input: z.ZodType | undefined, field: Field): boolean =>
  !!input?.safeParse({}).error?.issues.some((i) => i.path[0] === field);

type Values = Partial<Record<Exclude<Field, 'photoIds' | 'deadline'>, unknown>> & { photoIds?: CapturedPhoto[]; deadline?: Dayjs };

/** The level a reclassification leads to: the other one. */
const otherLevel = (level: hazard.HazardLevel): hazard.HazardLevel => (level === '重大' ? '一般' : '重大');

/**
 * Takes one action of a hazard's loop with the fields its workflow declares: a note and photos
 * after rectification, a reason for a return, the 挂牌督办 form (supervising org and body,
 * responsible leader, deadline, 停产停业, public notice), the assessment, a reclassification to the other
 * level (its basis when it becomes 重大). What is required comes from the action's own input schema, so
 * the form asks for what the server would refuse without.
 */
export function HazardActionModal<T>({
  action,
  level,
  title,
  intro,
  onSubmit,
  onDone,
  onClose,
}: {
  action: HazardAction;
  /** The hazard's level now: a reclassification leads to the other one. */
  level: hazard.HazardLevel;
  title: string;
  intro?: ReactNode;
  onSubmit: (body: Record<string, unknown>) => Promise<T>;
  onDone: (result: T) => void | Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const bi = useBi();
  const labels = useHazardLabels();
  const { message } = App.useApp();
  const showError = useShowError();
  const inputRule = useActionInputRule();
  const user = useUser();
  const [form] = Form.useForm<Values>();
  const photos = Form.useWatch('photoIds', form);
  const definition = hazard.hazardWorkflow.actions[action];
  const input = (definition as { input?: z.ZodType }).input;
  const target = action === 'reclassify' ? otherLevel(level) : null;
  // The basis is asked for only on the way up to 重大; down to 一般 it no longer holds.
  const fields = declaredFields(input).filter((f) => f !== 'majorBasis' || target === '重大');
  const label = bi(definition.label);
  const danger = action === 'return' || action === 'orderCorrection';

  const take = useMutation({
    mutationFn: (v: Values) => {
      const body: Record<string, unknown> = target ? { level: target } : {};
      for (const f of fields) {
        const value = v[f];
        if (f === 'photoIds') body.photoIds = photoIds(v.photoIds);
        else if (f === 'deadline') {
          if (v.deadline) body.deadline = v.deadline.format('YYYY-MM-DD');
        } else if (typeof value === 'string') {
          if (value.trim()) body[f] = value.trim();
        } else if (value !== undefined && value !== null) body[f] = value;
      }
      return onSubmit(body);
    },
    onSuccess: async (result) => {
      message.success(t('common.actionDone', { action: label }));
      await onDone(result);
    },
    onError: (error) => showError(error, form),
  });

  /** The rule of a field: required when the action needs it, checked by the action's schema. */
  const rule = (field: Field, requiredMessage: string) => (requiredIn(input, field) ? [inputRule(input, field, requiredMessage)] : []);
  const text = (field: Field, name: string, requiredMessage: string, rows = 3) => (
    <Form.Item key={field} name={field} label={name} rules={rule(field, requiredMessage)}>
      {rows > 1 ? (
        <Input.TextArea rows={rows} showCount maxLength={2000} data-testid={`action-${field}`} />
      ) : (
        <Input maxLength={200} data-testid={`action-${field}`} />
      )}
    </Form.Item>
  );

  const render: Record<Field, () => ReactNode> = {
    supervisingOrgId: () => (
      <Form.Item
        key="supervisingOrgId"
        name="supervisingOrgId"
        label={t('hazard.hazards.supervision.org')}
        rules={rule('supervisingOrgId', t('hazard.hazards.supervision.orgRequired'))}
      >
        <OrgTreeSelect data-testid="action-supervisingOrgId" />
      </Form.Item>
    ),
    supervisingBody: () => (
      <Form.Item
        key="supervisingBody"
        name="supervisingBody"
        label={t('hazard.hazards.supervision.body')}
        rules={rule('supervisingBody', t('hazard.hazards.supervision.bodyRequired'))}
      >
        <Input maxLength={200} placeholder={t('hazard.hazards.supervision.bodyPlaceholder')} data-testid="action-supervisingBody" />
      </Form.Item>
    ),
    responsibleLeader: () =>
      text('responsibleLeader', t('hazard.hazards.supervision.leader'), t('hazard.hazards.supervision.leaderRequired'), 1),
    deadline: () => (
      <Form.Item
        key="deadline"
        name="deadline"
        label={t('hazard.hazards.supervision.deadline')}
        rules={requiredIn(input, 'deadline') ? [{ required: true, message: t('hazard.hazards.supervision.deadlineRequired') }] : []}
      >
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} data-testid="action-deadline" />
      </Form.Item>
    ),
    stopWork: () => (
      <Form.Item key="stopWork" name="stopWork" label={t('hazard.hazards.supervision.stopWork')}>
        <Radio.Group
          optionType="button"
          options={hazard.stopWorkKinds.map((k) => ({ value: k, label: labels.stopWork(k) }))}
          data-testid="action-stopWork"
        />
      </Form.Item>
    ),
    publicNotice: () => (
      <Form.Item
        key="publicNotice"
        name="publicNotice"
        label={t('hazard.hazards.supervision.publicNotice')}
        valuePropName="checked"
        extra={t('hazard.hazards.supervision.publicNoticeHelp')}
      >
        <Switch data-testid="action-publicNotice" />
      </Form.Item>
    ),
    assessor: () => text('assessor', t('hazard.hazards.assessor'), t('hazard.hazards.assessorRequired'), 1),
    conclusion: () => text('conclusion', t('hazard.hazards.conclusion'), t('hazard.hazards.conclusionRequired')),
    photoIds: () => (
      <Form.Item
        key="photoIds"
        name="photoIds"
        label={action === 'submitAssessment' ? t('hazard.hazards.assessmentPhotos') : t('hazard.hazards.rectifyPhotos')}
        extra={action === 'submitAssessment' ? undefined : t('hazard.hazards.rectifyPhotosHelp')}
      >
        <PhotoCapture testId="action-photos" />
      </Form.Item>
    ),
    note: () => text('note', t('hazard.hazards.note'), t('hazard.hazards.noteRequired')),
    majorBasis: () => (
      <Form.Item
        key="majorBasis"
        name="majorBasis"
        label={t('hazard.hazards.majorBasis')}
        rules={[{ required: true, whitespace: true, message: t('hazard.hazards.reclassify.majorBasisRequired') }]}
      >
        <Input.TextArea rows={2} showCount maxLength={2000} data-testid="action-majorBasis" />
      </Form.Item>
    ),
    reason: () => text('reason', t('common.reason'), t('hazard.hazards.reasonRequired')),
  };

  return (
    <Modal
      open
      title={title}
      okText={label}
      okButtonProps={{ danger, disabled: photosUploading(photos) }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={take.isPending}
      destroyOnHidden
    >
      {intro && <Typography.Paragraph>{intro}</Typography.Paragraph>}
      {target && (
        <Typography.Paragraph data-testid="action-reclassify-target">
          {t(target === '重大' ? 'hazard.hazards.reclassify.toMajor' : 'hazard.hazards.reclassify.toGeneral')}
        </Typography.Paragraph>
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        // The department or office taking the action is the usual supervising org.
        initialValues={{ photoIds: [], publicNotice: false, stopWork: 'none', supervisingOrgId: user.orgId }}
        onFinish={(v) => take.mutate(v)}
      >
        {fields.map((f) => render[f]())}
      </Form>
    </Modal>
  );
}
