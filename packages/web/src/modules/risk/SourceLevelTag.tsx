import { risk } from '@citysafe/domain';
import { Tag } from 'antd';
import { useBi } from '../../shared/locale';

/** Relative luminance of an sRGB colour (WCAG 2), for choosing legible text on it. */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/**
 * White or black text on a level's colour, whichever contrasts more: on the map's blue (#1677ff)
 * white reads at 4.1:1 and antd's near-black at 4.0:1, both under WCAG AA's 4.5:1; black reaches 5.1:1.
 */
export function textOn(hex: string): string {
  const l = luminance(hex);
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

/**
 * A risk level as a tag in its own colour (红/橙/黄/蓝, the colours the four-colour map uses);
 * no level yet (not assessed) shows as a grey 未评估.
 */
export function SourceLevelTag({ level, none, testId }: { level: risk.RiskLevel | null | undefined; none: string; testId?: string }) {
  const bi = useBi();
  if (!level) return <Tag data-testid={testId}>{none}</Tag>;
  const info = risk.riskLevelInfo[level];
  return (
    // Solid, in the map's own colour: antd tints a custom colour pale, which is not the 红/橙/黄/蓝 of the map.
    <Tag style={{ background: info.hex, borderColor: info.hex, color: textOn(info.hex) }} data-testid={testId} data-level={level}>
      {bi(info.label)}
    </Tag>
  );
}
