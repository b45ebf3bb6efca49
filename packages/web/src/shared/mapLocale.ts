import type { TFunction } from 'i18next';

/**
 * MapLibre's own control labels (its `locale` option) in the app's language, so that screen
 * readers announce "放大" rather than "Zoom in". The keys are MapLibre's; scale units stay m/km.
 */
export function mapLocale(t: TFunction): Record<string, string> {
  return {
    'Map.Title': t('mapView.title'),
    'NavigationControl.ZoomIn': t('mapView.zoomIn'),
    'NavigationControl.ZoomOut': t('mapView.zoomOut'),
    'NavigationControl.ResetBearing': t('mapView.resetBearing'),
    'AttributionControl.ToggleAttribution': t('mapView.toggleAttribution'),
    'AttributionControl.MapFeedback': t('mapView.mapFeedback'),
    'Marker.Title': t('mapView.marker'),
    'Popup.Close': t('mapView.closePopup'),
  };
}
