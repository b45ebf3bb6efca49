import type { monitoring } from '@citysafe/domain';
import type { MetricStream, SimDevice } from './simulate.js';

/**
 * The demo district's monitoring devices: what the demo registers (monitoring.demo.ts) and what `citysafe simulate`
 * drives. Lifelines (燃气, 供水, 供热, 桥梁, 综合管廊), crowd places, elevators and the major-hazard units of the two demo
 * enterprises (major-hazard.demo.ts). Places, values and daily rhythms are invented but plausible (中压A gas
 * 0.2–0.4 MPa, city water 0.28–0.35 MPa falling at the morning and evening peaks, 一级网 heat 85–95 ℃ supply); they
 * describe no real site.
 */
export interface DemoDevice extends SimDevice {
  name: string;
  type: monitoring.DeviceType;
  metrics: (MetricStream & { unit: monitoring.MetricUnit })[];
  /** The responsible unit (org code of the identity demo / seed tree). */
  orgCode: string;
  at: [number, number];
  placeName: string;
  /** Expected reporting interval, seconds. */
  intervalSeconds: number;
  /** The major-hazard unit it watches (its name in major-hazard.demo.ts), linked when the registry has it. */
  majorHazardUnit?: string;
}

const m = (
  key: string,
  unit: monitoring.MetricUnit,
  label: string,
  base: number,
  daily: number,
  peakHour: number,
  noise: number,
  decimals: number,
  bounds: { min?: number; max?: number } = {},
): MetricStream & { unit: monitoring.MetricUnit } => ({ key, unit, label, base, daily, peakHour, noise, decimals, ...bounds });

/** Gas concentration in %LEL: close to zero, never negative. */
const lel = (base = 0.6) => m('gas_lel', '%LEL', '可燃气体浓度', base, 0.2, 14, 0.3, 1, { min: 0, max: 100 });
const o2 = () => m('o2', '%VOL', '氧气浓度', 20.9, 0.05, 14, 0.05, 2, { min: 0, max: 25 });

export const demoDevices: DemoDevice[] = [
  {
    code: 'GL-XZ-01-RQ',
    name: '港务大道综合管廊燃气舱1号监测单元',
    type: 'pipe_gallery',
    orgCode: 'CGJ',
    at: [109.0742, 34.3861],
    placeName: '港务大道综合管廊 K1+200 燃气舱',
    intervalSeconds: 60,
    metrics: [
      lel(),
      o2(),
      m('temperature', '℃', '舱内温度', 18, 1.5, 15, 0.2, 1),
      m('water_level', 'mm', '积水水位', 5, 0, 0, 1.5, 0, { min: 0 }),
    ],
  },
  {
    code: 'GL-XZ-02-DL',
    name: '港务大道综合管廊电力舱2号监测单元',
    type: 'pipe_gallery',
    orgCode: 'CGJ',
    at: [109.0763, 34.3902],
    placeName: '港务大道综合管廊 K2+050 电力舱',
    intervalSeconds: 60,
    metrics: [m('temperature', '℃', '舱内温度', 27, 2, 15, 0.3, 1), o2(), m('water_level', 'mm', '积水水位', 4, 0, 0, 1.5, 0, { min: 0 })],
  },
  {
    code: 'RQ-XH-TYZ-01',
    name: '新合燃气调压站出口压力',
    type: 'gas',
    orgCode: 'CGJ',
    at: [109.0455, 34.3578],
    placeName: '新合燃气调压站',
    intervalSeconds: 60,
    metrics: [
      m('pressure', 'MPa', '出口压力', 0.3, -0.02, 19, 0.004, 3, { min: 0 }),
      m('flow', 'm³/h', '瞬时流量', 1800, 900, 19, 60, 0, { min: 0 }),
    ],
  },
  {
    code: 'RQ-XZ-FMJ-01',
    name: '新筑路燃气阀门井可燃气体探测器',
    type: 'gas',
    orgCode: 'CGJ',
    at: [109.0851, 34.3977],
    placeName: '新筑路与港务西路口阀门井',
    intervalSeconds: 60,
    metrics: [lel(0.4)],
  },
  {
    code: 'GS-XZ-GW-01',
    name: '港务西路供水主管压力监测点',
    type: 'water',
    orgCode: 'SWJ',
    at: [109.0698, 34.3935],
    placeName: '港务西路 DN800 供水主管',
    intervalSeconds: 60,
    metrics: [
      m('pressure', 'MPa', '管网压力', 0.32, -0.03, 8, 0.004, 3, { min: 0 }),
      m('flow', 'm³/h', '瞬时流量', 950, 450, 8, 30, 0, { min: 0 }),
    ],
  },
  {
    code: 'GS-XH-GW-02',
    name: '保税大道供水管网压力监测点',
    type: 'water',
    orgCode: 'SWJ',
    at: [109.0601, 34.3592],
    placeName: '保税大道 DN600 供水管',
    intervalSeconds: 60,
    metrics: [
      m('pressure', 'MPa', '管网压力', 0.3, -0.025, 19.5, 0.004, 3, { min: 0 }),
      m('flow', 'm³/h', '瞬时流量', 620, 300, 19.5, 25, 0, { min: 0 }),
    ],
  },
  {
    code: 'GR-XZ-01',
    name: '新筑热力站一级网监测点',
    type: 'heat',
    orgCode: 'CGJ',
    at: [109.0812, 34.3948],
    placeName: '新筑热力站',
    intervalSeconds: 60,
    metrics: [
      m('supply_temp', '℃', '供水温度', 90, 4, 6, 0.4, 1),
      m('return_temp', '℃', '回水温度', 55, 3, 7, 0.4, 1),
      m('pressure', 'MPa', '供水压力', 0.85, 0.03, 6, 0.005, 3, { min: 0 }),
    ],
  },
  {
    code: 'QL-BH-01',
    name: '灞河桥主跨结构健康监测',
    type: 'bridge',
    orgCode: 'JTYSJ',
    at: [109.0338, 34.3755],
    placeName: '灞河桥主跨跨中',
    intervalSeconds: 60,
    metrics: [
      // The thermal swing dominates a bridge's strain and deflection: highest in the afternoon.
      m('strain', 'με', '跨中应变', 120, 35, 15, 4, 0),
      m('displacement', 'mm', '跨中挠度', 12, 4, 15, 0.5, 1),
    ],
  },
  {
    code: 'RM-WLGC-01',
    name: '万隆购物中心客流监测',
    type: 'crowd',
    orgCode: 'QY-WLGC',
    at: [109.0848, 34.3931],
    placeName: '万隆购物中心中庭',
    intervalSeconds: 60,
    metrics: [
      m('people_count', '人', '在场人数', 2600, 2200, 16, 120, 0, { min: 0 }),
      m('density', '人/㎡', '人员密度', 0.45, 0.38, 16, 0.03, 2, { min: 0 }),
    ],
  },
  {
    code: 'RM-TYG-01',
    name: '港务区体育馆客流监测',
    type: 'crowd',
    orgCode: 'SHSYJ',
    at: [109.0626, 34.3987],
    placeName: '港务区体育馆东广场',
    intervalSeconds: 60,
    metrics: [
      m('people_count', '人', '在场人数', 800, 700, 20, 60, 0, { min: 0 }),
      m('density', '人/㎡', '人员密度', 0.2, 0.16, 20, 0.02, 2, { min: 0 }),
    ],
  },
  {
    code: 'DT-WLGC-01',
    name: '万隆购物中心1号客梯',
    type: 'elevator',
    orgCode: 'QY-WLGC',
    at: [109.0846, 34.3929],
    placeName: '万隆购物中心北侧客梯厅',
    intervalSeconds: 60,
    metrics: [
      // 0 正常, 1 故障停梯, 2 困人: an integer state, no noise.
      m('elevator_state', 'state', '运行状态', 0, 0, 0, 0, 0, { min: 0, max: 2 }),
      m('load_rate', '%', '载重率', 35, 25, 16, 8, 0, { min: 0, max: 110 }),
    ],
  },
  {
    code: 'DT-XH-GY-01',
    name: '新合社区保障房3号楼电梯',
    type: 'elevator',
    orgCode: 'ZJFJ',
    at: [109.0472, 34.3561],
    placeName: '新合社区保障房3号楼',
    intervalSeconds: 60,
    metrics: [
      m('elevator_state', 'state', '运行状态', 0, 0, 0, 0, 0, { min: 0, max: 2 }),
      m('load_rate', '%', '载重率', 20, 15, 19, 6, 0, { min: 0, max: 110 }),
    ],
  },
  {
    code: 'WH-GAHG-YA-T1',
    name: '港安化工液氨储罐1号罐',
    type: 'tank',
    orgCode: 'QY-GAHG',
    at: [109.0508, 34.3526],
    placeName: '港安化工仓储液氨储罐区',
    intervalSeconds: 60,
    majorHazardUnit: '液氨储罐区',
    metrics: [
      m('level', 'm', '液位', 9.2, 0.15, 14, 0.03, 2, { min: 0, max: 16 }),
      m('pressure', 'MPa', '罐内压力', 0.62, 0.08, 15, 0.005, 3, { min: 0 }),
      m('temperature', '℃', '罐内温度', 14, 4, 15, 0.2, 1),
    ],
  },
  {
    code: 'WH-GAHG-YA-NH3',
    name: '港安化工液氨储罐区氨气探测器',
    type: 'hazmat',
    orgCode: 'QY-GAHG',
    at: [109.0511, 34.3528],
    placeName: '港安化工仓储液氨储罐区围堰',
    intervalSeconds: 60,
    majorHazardUnit: '液氨储罐区',
    metrics: [m('nh3', 'ppm', '氨气浓度', 1.5, 0.5, 15, 0.4, 1, { min: 0 })],
  },
  {
    code: 'WH-GAHG-LPG-T1',
    name: '港安化工液化石油气1号球罐',
    type: 'tank',
    orgCode: 'QY-GAHG',
    at: [109.0519, 34.3514],
    placeName: '港安化工仓储液化石油气球罐区',
    intervalSeconds: 60,
    majorHazardUnit: '液化石油气球罐区',
    metrics: [
      m('level', 'm', '液位', 7.8, 0.1, 14, 0.03, 2, { min: 0, max: 12.3 }),
      m('pressure', 'MPa', '罐内压力', 0.75, 0.12, 15, 0.006, 3, { min: 0 }),
      m('temperature', '℃', '罐内温度', 16, 5, 15, 0.2, 1),
    ],
  },
  {
    code: 'WH-GTWL-LNG-T1',
    name: '港通物流LNG加气站储罐',
    type: 'tank',
    orgCode: 'QY-GTWL',
    at: [109.0692, 34.3899],
    placeName: '港通物流LNG加气站',
    intervalSeconds: 60,
    majorHazardUnit: 'LNG 加气站储罐',
    metrics: [
      m('level', 'm', '液位', 6.5, 0.6, 10, 0.05, 2, { min: 0, max: 11 }),
      m('pressure', 'MPa', '罐内压力', 0.45, 0.03, 15, 0.004, 3, { min: 0 }),
    ],
  },
];
