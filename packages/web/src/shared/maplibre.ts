import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

// The worker ships as a self-contained module next to the library; serve it from this app.
// Loaded by MapView on first use, so pages without a map never download MapLibre or its CSS.
maplibregl.setWorkerUrl(workerUrl);

export { maplibregl };
