import type { Messages } from '../../../app/module';
import type { publicListZh } from './publicList.zh-CN';

/** Hazards › publicList (en-US): the same keys as zh-CN. */
export const publicListEn: Messages<typeof publicListZh> = {
  title: 'Major hazards under listed supervision: public notice',
  intro:
    'The major hazards currently under listed supervision (挂牌督办), and those recently closed. The notice contains no personal data. Public oversight is welcome.',
  search: 'Search by hazard, code, place or responsible unit',
  searchLabel: 'Search',
  total: '{{count}} in all',
  empty: 'No hazard is under listed supervision with public notice at present',
  loadFailed: 'The notice cannot be read at the moment; please try again later',
  unit: 'Responsible unit',
  place: 'Place',
  street: 'Street',
  supervisingBody: 'Supervised by',
  listedOn: 'Listed on',
  deadline: 'Deadline',
  closedOn: 'Closed on',
  category: 'Category',
  login: 'Staff sign-in',
  pager: 'Pages of the notice',
};
