export interface LegendItem {
  color: string;
  label: string;
  /** A dot for points, a square for areas. */
  shape?: 'dot' | 'area';
}

/** A map's key: what each colour means, drawn in the map's corner (MapView's children). */
export function MapLegend({ title, items }: { title: string; items: LegendItem[] }) {
  return (
    <figure className="map-legend" data-testid="map-legend">
      <figcaption>{title}</figcaption>
      <ul>
        {items.map((item) => (
          <li key={`${item.shape ?? 'dot'}-${item.label}`}>
            <span className={`map-legend-swatch map-legend-${item.shape ?? 'dot'}`} style={{ background: item.color }} aria-hidden />
            {item.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
