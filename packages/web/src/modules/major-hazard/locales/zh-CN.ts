import { installationsZh } from './installations.zh-CN';

/** The majorHazard module's messages in Simplified Chinese (the namespace `majorHazard`), one file per part. */
export const zhCN = { menu: '重大危险源', installations: installationsZh };
