/** The risk module's messages for its whitePaper part, in Simplified Chinese. en-US must have exactly these keys. */
export const whitePaperZh = {
  menu: '风险白皮书',
  title: '城市安全风险白皮书',
  intro:
    '白皮书由风险源普查库中经审核的风险源生成，含总体情况、重大和较大风险清单及管控措施、风险空间分布图、与上一版相比的变化和防控工作要求。每一版按生成时的数据留存，可随时下载。',
  introManage: '生成新一版时，按您可见范围内的风险源统计，并与本区域上一版比较；已发布的各版不因数据变化而改变。',
  generate: '生成新一版',
  generateConfirm: '按当前风险源普查库生成新一版白皮书？',
  generateOk: '生成',
  generated: '已生成《{{title}}》',
  empty: '尚未生成白皮书',
  edition: '版次',
  generatedAt: '生成时间',
  generatedBy: '生成人',
  total: '风险源总数',
  levels: '各等级数量',
  changes: '与上一版相比',
  first: '首次发布',
  changeSummary: '新增 {{added}}，销号 {{removed}}，调级 {{levelChanged}}',
  download: '下载 Word',
  latest: '最新一版',
  fileName: '城市安全风险白皮书',
};
