import type { Messages } from '../../../app/module';
import type { fourColourZh } from './fourColour.zh-CN';

/** The risk module's messages for its fourColour part, in English. */
export const fourColourEn: Messages<typeof fourColourZh> = {
  menu: 'Four-colour map',
  title: 'Four-colour map of safety risks',
  category: 'Category',
  level: 'Risk level',
  street: 'Street',
  unit: 'Responsible unit',
  legend: 'Legend',
  ungraded: 'Not graded',
  majorHazard: 'Major hazard installation',
  areaShade: 'Streets/grids shaded by their highest level',
  details: 'View details',
  hint: 'Zoomed out, sources are grouped: the number is how many, the colour the highest level among them. Click a group to zoom in, a source for its details.',
  grade: { '1': 'Grade 1', '2': 'Grade 2', '3': 'Grade 3', '4': 'Grade 4' },
};
