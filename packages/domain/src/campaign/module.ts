import { bi } from '../i18n.js';
import { defineDomainModule } from '../module.js';

/** 创建工作: the demonstration-city campaign of 西港安城创〔2020〕1号. */
export const campaignModule = defineDomainModule({
  key: 'campaign',
  name: bi('创建工作', 'Demonstration-city campaign'),
  actions: {
    'campaign.read': {
      label: bi('查看创建工作', 'View the demonstration-city campaign'),
      grants: ['safety_office', 'department', 'street', 'expert', 'duty_officer'],
    },
    'campaign.manage': {
      label: bi('管理创建工作（验收、督办、通报）', 'Run the campaign (accept, supervise, bulletins)'),
      grants: ['safety_office'],
    },
    'campaign.report': { label: bi('报送创建任务进展', 'Report progress on campaign tasks'), grants: ['department', 'street'] },
  },
  apiTags: {
    campaign: bi(
      '创建工作：任务台账、单位任务、延期、督办、通报、考核',
      'The campaign: task ledger, units’ parts, extensions, 督办, bulletins, assessment',
    ),
    'campaign-scoring': bi('创建工作自评：评分细则与扣分', 'Campaign self-scoring: the scoring tree and its findings'),
  },
  audit: {
    objects: {
      campaign: bi('创建工作', 'Campaign'),
      campaignAssignment: bi('责任单位任务', "A unit's part of a task"),
      campaignExtension: bi('延期申请', 'Extension request'),
      campaignSupervision: bi('督办通知', 'Supervision notice'),
      campaignBulletin: bi('工作通报', 'Bulletin'),
      scoringItem: bi('评分项', 'Scoring item'),
      scoringFinding: bi('扣分问题', 'Scoring finding'),
    },
    actions: {
      'campaign.create': bi('新建创建工作', 'Created a campaign'),
      'campaign.confirmFlag': bi('确认导入问题', 'Confirmed an import inconsistency'),
      'campaignAssignment.extend': bi('延长完成时限', 'Extended a deadline'),
      'campaignExtension.request': bi('申请延期', 'Requested an extension'),
      'campaignSupervision.issue': bi('下发督办通知', 'Issued a supervision notice'),
      'campaignBulletin.issue': bi('印发工作通报', 'Issued a bulletin'),
      'scoring.seed': bi('建立评分标准', 'Created the scoring tree'),
      'scoring.import': bi('导入评分标准', 'Imported the scoring tree'),
      'scoringItem.create': bi('新增评分项', 'Added a scoring item'),
      'scoringItem.update': bi('修改评分项', 'Changed a scoring item'),
      'scoringItem.delete': bi('删除评分项', 'Deleted a scoring item'),
      'scoringItem.linkTasks': bi('关联创建任务', 'Linked tasks to a scoring item'),
      'scoringFinding.create': bi('记录扣分问题', 'Recorded a finding'),
    },
  },
});
