import { boundariesZh } from './boundaries.zh-CN';

/** The map module's messages in Simplified Chinese (the namespace `map`), one file per part. */
export const zhCN = { menu: '区域地图', boundaries: boundariesZh };
