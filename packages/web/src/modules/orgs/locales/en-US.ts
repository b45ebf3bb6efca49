import type { Messages } from '../../../app/module';
import type { zhCN } from './zh-CN';

/** The orgs module's messages in English. */
export const enUS: Messages<typeof zhCN> = {
  menu: 'Organisations',
  searchPlaceholder: 'Search name, short name, alias or code',
  selectHint: 'Choose an organisation on the left',
  name: 'Name',
  shortName: 'Short name',
  type: 'Kind',
  code: 'Code',
  codeHelp: 'Unique in the installation; letters, digits, _ and - only',
  aliases: 'Aliases',
  aliasesHelp: 'Other names documents use for the same body',
  aliasesPlaceholder: 'Type and press Enter',
  divisionCode: 'Division code',
  divisionCodeHelp: 'GB/T 2260 administrative division code, six digits',
  gridCode: 'Grid code',
  parent: 'Parent',
  liaison: 'Liaison organisation',
  liaisonHelp: 'The organisation through which this one is coordinated',
  note: 'Note',
  sortOrder: 'Order',
  createChild: 'New child',
  createChildOf: 'New organisation under {{parent}}',
  editTitle: 'Edit {{name}}',
  deleteConfirm: 'Delete “{{name}}”?',
  deleteHelp: 'Only organisations without children and users can be deleted.',
  nameRequired: 'Enter a name',
  codeRequired: 'Enter a code',
  typeRequired: 'Choose a kind',
};
