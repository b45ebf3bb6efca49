/** The risk module's messages for its fourColour part, in Simplified Chinese. en-US must have exactly these keys. */
export const fourColourZh = {
  menu: '四色风险图',
  title: '四色安全风险空间分布图',
  category: '风险类别',
  level: '风险等级',
  street: '街道',
  unit: '责任单位',
  legend: '图例',
  ungraded: '未评级',
  majorHazard: '重大危险源',
  areaShade: '街道/网格按最高等级着色',
  details: '查看详情',
  hint: '缩小时风险源按区域聚合，圆圈中的数字为数量、颜色为其中最高等级；点击聚合放大，点击风险源查看详情。',
  grade: { '1': '一级', '2': '二级', '3': '三级', '4': '四级' },
};
