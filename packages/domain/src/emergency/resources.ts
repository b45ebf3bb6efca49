import { type Bilingual, bi } from '../i18n.js';

/** 救援队伍 kinds the seed names (tasks 96–99): professional, enterprise, social and volunteer teams. */
export const teamKinds = ['professional', 'enterprise', 'social', 'volunteer'] as const;
export type TeamKind = (typeof teamKinds)[number];
export const teamKindLabels: Record<TeamKind, Bilingual> = {
  professional: bi('专业救援队伍', 'Professional rescue team'),
  enterprise: bi('企业救援队伍', 'Enterprise rescue team'),
  social: bi('社会救援力量', 'Social rescue team'),
  volunteer: bi('志愿者队伍', 'Volunteer team'),
};

/** A team's availability: 待命 (may be dispatched), 已出动 (dispatched to an incident, until returned), 休整 (off). */
export const teamStatuses = ['available', 'dispatched', 'off'] as const;
export type TeamStatus = (typeof teamStatuses)[number];
export const teamStatusLabels: Record<TeamStatus, Bilingual> = {
  available: bi('待命', 'Available'),
  dispatched: bi('已出动', 'Dispatched'),
  off: bi('休整', 'Off duty'),
};

/** 专家库 specialities: the fields the district's safety committee draws experts from. */
export const expertSpecialities = [
  'hazardous_chemicals',
  'fire',
  'mining',
  'construction',
  'special_equipment',
  'gas',
  'transport',
  'natural_disaster',
  'medical',
  'environment',
  'electricity',
  'other',
] as const;
export type ExpertSpeciality = (typeof expertSpecialities)[number];
export const expertSpecialityLabels: Record<ExpertSpeciality, Bilingual> = {
  hazardous_chemicals: bi('危险化学品', 'Hazardous chemicals'),
  fire: bi('消防', 'Fire'),
  mining: bi('矿山', 'Mining'),
  construction: bi('建筑施工', 'Construction'),
  special_equipment: bi('特种设备', 'Special equipment'),
  gas: bi('城镇燃气', 'Town gas'),
  transport: bi('交通运输', 'Transport'),
  natural_disaster: bi('自然灾害', 'Natural disasters'),
  medical: bi('医疗救护', 'Medical rescue'),
  environment: bi('环境应急', 'Environmental emergencies'),
  electricity: bi('电力', 'Electricity'),
  other: bi('其他', 'Other'),
};

/**
 * 避难场所 types of GB 51143-2015 《防灾避难场所设计规范》 (in force 2016-08-01; regulations.md §9 [V]):
 * 紧急避难场所, 固定避难场所 (短期 / 中期 / 长期) and 中心避难场所.
 */
export const shelterTypes = ['emergency', 'fixed_short', 'fixed_medium', 'fixed_long', 'central'] as const;
export type ShelterType = (typeof shelterTypes)[number];
export const shelterTypeLabels: Record<ShelterType, Bilingual> = {
  emergency: bi('紧急避难场所', 'Emergency shelter'),
  fixed_short: bi('固定避难场所（短期）', 'Fixed shelter (short term)'),
  fixed_medium: bi('固定避难场所（中期）', 'Fixed shelter (medium term)'),
  fixed_long: bi('固定避难场所（长期）', 'Fixed shelter (long term)'),
  central: bi('中心避难场所', 'Central shelter'),
};

/** The kinds of resource the nearest query and dispatch handle. */
export const resourceKinds = ['team', 'expert', 'supply', 'shelter', 'fire_station'] as const;
export type ResourceKind = (typeof resourceKinds)[number];
export const resourceKindLabels: Record<ResourceKind, Bilingual> = {
  team: bi('救援队伍', 'Rescue team'),
  expert: bi('专家', 'Expert'),
  supply: bi('应急物资', 'Supplies'),
  shelter: bi('避难场所', 'Shelter'),
  fire_station: bi('消防站', 'Fire station'),
};

/** Stock movements of a supply: 入库, 出库, 借出, 归还, and 调拨 to an incident (written by a dispatch). */
export const supplyMovementKinds = ['in', 'out', 'lend', 'return', 'dispatch'] as const;
export type SupplyMovementKind = (typeof supplyMovementKinds)[number];
export const supplyMovementKindLabels: Record<SupplyMovementKind, Bilingual> = {
  in: bi('入库', 'Stock in'),
  out: bi('出库', 'Stock out'),
  lend: bi('借出', 'Lend'),
  return: bi('归还', 'Return'),
  dispatch: bi('调拨至事故', 'Dispatched to an incident'),
};

/** Whether a movement takes stock out of the store (the others put it back). */
export const movementDecreasesStock = (kind: SupplyMovementKind): boolean => kind === 'out' || kind === 'lend' || kind === 'dispatch';

/**
 * A shelter's capacity (可容纳人数): its effective area divided by the area each person needs
 * (settings.shelterAreaPerPerson, 1.5 m² by default after GB 21734-2008 cl. 5.4), rounded down because
 * a part of a person's space shelters nobody.
 */
export function shelterCapacity(effectiveAreaM2: number, areaPerPerson: number): number {
  if (!(areaPerPerson > 0) || !(effectiveAreaM2 > 0)) return 0;
  // A small tolerance keeps 3 m² ÷ 1.5 at 2 despite floating point (3 / 1.5 is exact, 0.3 / 0.1 is not).
  return Math.floor(effectiveAreaM2 / areaPerPerson + 1e-9);
}

/** A supply's stock state: 库存不足 when at or below its minimum (a minimum of 0 never triggers). */
export type StockState = 'ok' | 'low';
export function stockState(quantity: number, minQuantity: number): StockState {
  return minQuantity > 0 && quantity <= minQuantity ? 'low' : 'ok';
}

/** A supply's expiry state on a day: 已过期 after its expiry date, 临期 within the notice days, else 正常. */
export type ExpiryState = 'none' | 'ok' | 'expiring' | 'expired';
export const expiryStateLabels: Record<ExpiryState, Bilingual> = {
  none: bi('无有效期', 'No expiry'),
  ok: bi('正常', 'Valid'),
  expiring: bi('临期', 'Expiring soon'),
  expired: bi('已过期', 'Expired'),
};

const dayNumber = (isoDate: string): number => Math.floor(Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / 86_400_000);

/**
 * The expiry state of a supply on `today` (both `YYYY-MM-DD`, the district's calendar day): usable through its
 * expiry date, 临期 when the date is within `noticeDays` days from today (inclusive), 已过期 from the day after.
 */
export function expiryState(expiresOn: string | null, today: string, noticeDays: number): ExpiryState {
  if (!expiresOn) return 'none';
  const left = dayNumber(expiresOn) - dayNumber(today);
  if (left < 0) return 'expired';
  return left <= noticeDays ? 'expiring' : 'ok';
}

/** What may be dispatched to an incident: a team, an expert, a quantity of a supply, a fire engine. */
export const dispatchKinds = ['team', 'expert', 'supply', 'vehicle'] as const;
export type DispatchKind = (typeof dispatchKinds)[number];
export const dispatchKindLabels: Record<DispatchKind, Bilingual> = {
  team: bi('救援队伍', 'Rescue team'),
  expert: bi('专家', 'Expert'),
  supply: bi('应急物资', 'Supplies'),
  vehicle: bi('消防车辆', 'Fire engine'),
};
