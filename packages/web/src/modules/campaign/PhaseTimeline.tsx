import { Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type PhaseSpan, phaseState } from './data';

const dayNumber = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
const firstOfMonth = (iso: string): string => `${iso.slice(0, 7)}-01`;
const nextMonth = (iso: string): string => {
  const [y, m] = [Number(iso.slice(0, 4)), Number(iso.slice(5, 7))];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

/** The period of a phase: as printed when the campaign keeps the plan's years, else the moved months. */
export function usePeriodText(): (span: PhaseSpan, shiftYears: number) => string {
  const { t } = useTranslation();
  return (span, shiftYears) => {
    if (!span.start || !span.end) return shiftYears === 0 ? span.periodText : t('campaign.phaseUnscheduled');
    if (shiftYears === 0) return span.periodText;
    const month = (iso: string) => t('campaign.month', { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)) });
    return span.start.slice(0, 7) === span.end.slice(0, 7) ? month(span.start) : `${month(span.start)}—${month(span.end)}`;
  };
}

/**
 * 创建步骤 as a Gantt strip: one row per phase on a month scale, the current phase highlighted and
 * a line at today. A phase the plan leaves undated (国家评议: 待定) gets a dashed row.
 */
export function PhaseTimeline({ spans, shiftYears, today }: { spans: PhaseSpan[]; shiftYears: number; today: string }) {
  const { t } = useTranslation();
  const periodText = usePeriodText();
  const dated = spans.filter((s) => s.start && s.end);
  if (dated.length === 0) return null;
  const from = firstOfMonth(dated.map((s) => s.start!).sort()[0]!);
  const until = nextMonth(
    dated
      .map((s) => s.end!)
      .sort()
      .at(-1)!,
  );
  const length = dayNumber(until) - dayNumber(from);
  const at = (iso: string) => ((dayNumber(iso) - dayNumber(from)) / length) * 100;
  const months: string[] = [];
  for (let m = from; m < until; m = nextMonth(m)) months.push(m);
  const lastMonth = months.at(-1) ?? from;
  // Label at most about eight months so the scale stays readable on a phone.
  const every = Math.ceil(months.length / 8);
  const todayInside = today >= from && today < until;

  return (
    <div className="phase-gantt" data-testid="phase-gantt">
      <div className="phase-row phase-scale">
        {/* The years once, at the head of the scale, so the month labels stay short enough for a phone. */}
        <div className="phase-name phase-years">
          {from.slice(0, 4) === lastMonth.slice(0, 4)
            ? t('campaign.yearOnly', { year: from.slice(0, 4) })
            : t('campaign.yearRange', { from: from.slice(0, 4), to: lastMonth.slice(0, 4) })}
        </div>
        <div className="phase-track">
          {months.map((m, i) =>
            i % every === 0 ? (
              <span key={m} className="phase-month" style={{ left: `${at(m)}%` }}>
                {t('campaign.monthOnly', { month: Number(m.slice(5, 7)) })}
              </span>
            ) : null,
          )}
        </div>
      </div>
      {spans.map((s) => {
        const state = phaseState(s, today);
        return (
          <div key={s.seq} className={`phase-row phase-${state}`} data-testid="phase-row">
            <div className="phase-name">
              <Typography.Text strong={state === 'current'}>{s.name}</Typography.Text>
              <div className="phase-period">{periodText(s, shiftYears)}</div>
            </div>
            <div className="phase-track">
              {months.map((m) => (
                <span key={m} className="phase-gridline" style={{ left: `${at(m)}%` }} />
              ))}
              {s.start && s.end ? (
                <Tooltip title={`${s.name}：${t('campaign.range', { start: s.start, end: s.end })}`}>
                  <span
                    className="phase-bar"
                    style={{ left: `${at(s.start)}%`, width: `${Math.max(at(nextDay(s.end)) - at(s.start), 1.5)}%` }}
                  />
                </Tooltip>
              ) : (
                <span className="phase-bar-pending">{t('campaign.phaseUnscheduled')}</span>
              )}
              {todayInside && <span className="phase-today" style={{ left: `${at(today)}%` }} />}
            </div>
          </div>
        );
      })}
      {todayInside && <div className="phase-legend">{t('campaign.todayLine', { date: today })}</div>}
    </div>
  );
}

const nextDay = (iso: string): string => new Date((dayNumber(iso) + 1) * 86_400_000).toISOString().slice(0, 10);
