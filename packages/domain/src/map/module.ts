import { bi } from '../i18n.js';
import { defineDomainModule } from '../module.js';

/** 区域地图: the district's own geography (boundaries of district, streets, communities, grids) and its base map. */
export const mapModule = defineDomainModule({
  key: 'map',
  name: bi('区域地图', 'District map'),
  actions: {
    'map.read': {
      label: bi('查看区域地图', 'View the district map'),
      grants: ['safety_office', 'department', 'street', 'grid_member', 'enterprise', 'expert', 'duty_officer'],
    },
    'map.manage': { label: bi('管理区域边界', 'Manage area boundaries'), grants: ['safety_office'] },
  },
  apiTags: {
    map: bi('区域地图：边界、底图、瓦片', 'District map: boundaries, base map, tiles'),
    ogc: bi('OGC API – Features（供 GIS 软件读取）', 'OGC API – Features (for GIS software)'),
  },
  audit: {
    objects: { boundary: bi('区域边界', 'Area boundary') },
    actions: {
      'boundary.import': bi('导入区域边界', 'Imported an area boundary'),
      'boundary.draw': bi('绘制区域边界', 'Drew an area boundary'),
      'boundary.delete': bi('删除区域边界', 'Deleted an area boundary'),
      'boundary.demo': bi('生成演示区域边界', 'Created a demo area boundary'),
    },
  },
});
