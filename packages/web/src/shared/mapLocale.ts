import type { TFunction } from 'i18next';

/**
 * MapLibre's own control labels (its `locale` option) in the app's language, so that screen
 * readers announce "放大" rather than "Zoom in". The keys are MapLibre's; scale units stay m/km.
 */
export function mapLocale(t: TFunction): Record<string, string> {
  return {
    'Map.Title': t('map.title'),
    'NavigationControl.ZoomIn': t('map.zoomIn'),
    'NavigationControl.ZoomOut': t('map.zoomOut'),
    'NavigationControl.ResetBearing': t('map.resetBearing'),
    'AttributionControl.ToggleAttribution': t('map.toggleAttribution'),
    'AttributionControl.MapFeedback': t('map.mapFeedback'),
    'Marker.Title': t('map.marker'),
    'Popup.Close': t('map.closePopup'),
  };
}
