import { type Bilingual, bi } from './i18n.js';

/**
 * Error codes the API returns. Each maps to exactly one HTTP status (rule 4 of the architecture):
 * clients branch on `code`, people read `message`.
 */
export const errorStatus = {
  VALIDATION: 400,
  JSON_TOO_DEEP: 400,
  UNAUTHENTICATED: 401,
  PASSWORD_CHANGE_REQUIRED: 403,
  FORBIDDEN: 403,
  CSRF: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RULE_VIOLATION: 422,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export const defaultErrorMessages: Record<ErrorCode, Bilingual> = {
  VALIDATION: bi('输入有误，请检查标出的字段', 'Invalid input; check the fields marked'),
  JSON_TOO_DEEP: bi('请求的 JSON 嵌套过深', 'The JSON of the request is nested too deeply'),
  UNAUTHENTICATED: bi('请先登录', 'Please log in'),
  PASSWORD_CHANGE_REQUIRED: bi('请先修改初始密码', 'You must change your initial password first'),
  FORBIDDEN: bi('无权进行此操作', 'You are not allowed to do this'),
  CSRF: bi('请求缺少有效的 CSRF 令牌，请刷新页面', 'Missing or invalid CSRF token; reload the page'),
  NOT_FOUND: bi('未找到', 'Not found'),
  CONFLICT: bi('与现有数据冲突', 'Conflicts with existing data'),
  INVALID_TRANSITION: bi('当前状态下不能执行此操作', 'This action is not allowed in the current state'),
  PAYLOAD_TOO_LARGE: bi('文件或请求过大', 'File or request too large'),
  UNSUPPORTED_MEDIA_TYPE: bi('不支持的文件类型', 'Unsupported file type'),
  RULE_VIOLATION: bi('违反业务规则', 'Violates a business rule'),
  ACCOUNT_LOCKED: bi('账号已锁定，请稍后再试或联系管理员', 'Account locked; try later or ask an administrator'),
  RATE_LIMITED: bi('请求过于频繁，请稍后再试', 'Too many requests; try again later'),
  INTERNAL: bi('服务器内部错误', 'Internal server error'),
  UNAVAILABLE: bi('服务暂不可用', 'Service unavailable'),
};

/** One invalid field: a dotted path into the request and why it is wrong. */
export interface FieldError {
  field: string;
  message: Bilingual;
}

/** The body of every error response. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: Bilingual;
    fields?: FieldError[];
    details?: Record<string, unknown>;
  };
}

/** An expected failure with a code; the server maps it to HTTP in one place. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly bilingual: Bilingual;
  readonly fields?: FieldError[];
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message?: Bilingual, extra: { fields?: FieldError[]; details?: Record<string, unknown> } = {}) {
    const text = message ?? defaultErrorMessages[code];
    super(text.en);
    this.code = code;
    this.bilingual = text;
    this.fields = extra.fields;
    this.details = extra.details;
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.bilingual,
        ...(this.fields ? { fields: this.fields } : {}),
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

/** A 400 for one field, for checks that a zod schema cannot express. */
export const fieldError = (field: string, zh: string, en: string): AppError =>
  new AppError('VALIDATION', undefined, { fields: [{ field, message: bi(zh, en) }] });
